package vn.edxml.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import vn.edxml.validation.Finding;
import vn.edxml.validation.Severity;
import vn.edxml.validation.ValidationReport;
import vn.edxml.validation.internal.Messages;

/**
 * Plain text for people, in English or Vietnamese:
 *
 * <pre>
 * edoc_new.edxml: valid (EDOC, lenient mode: 0 errors, 13 warnings)
 *   18:26 warning organ_id_nonstandard: Organ code "28.22.H17" does not have ...
 *         at /edXML/edXMLEnvelope[1]/edXMLHeader[1]/MessageHeader[1]/To[1]/OrganId[1]
 * </pre>
 */
public final class TextReportWriter implements ReportWriter {

  private final Locale locale;

  public TextReportWriter(Locale locale) {
    this.locale = locale == null ? Locale.ROOT : locale;
  }

  private String m(String key, Object... args) {
    return Messages.format(locale, key, args);
  }

  @Override
  public void write(List<ValidationReport> reports, Writer out) throws IOException {
    if (reports.isEmpty()) {
      out.write(m("report.none") + "\n");
      return;
    }
    for (ValidationReport r : reports) {
      out.write(
          m(
                  "report.file",
                  r.source(),
                  m(r.isValid() ? "report.valid" : "report.invalid"),
                  r.kind().name(),
                  m("mode." + r.mode().id()),
                  r.count(Severity.ERROR),
                  r.count(Severity.WARNING))
              + "\n");
      for (Finding f : r.findings()) {
        String where = f.location().isEmpty() ? "" : f.location() + " ";
        out.write(
            "  "
                + where
                + m("severity." + f.severity().id())
                + " "
                + f.code().id()
                + ": "
                + f.message(locale)
                + "\n");
        if (!f.xpath().isEmpty()) {
          out.write("      at " + f.xpath() + "\n");
        }
      }
    }
    Summary s = Summary.of(reports);
    out.write(
        "\n"
            + m(
                "report.summary",
                s.files(),
                m("mode." + s.mode().id()),
                s.valid(),
                s.invalid(),
                s.errors(),
                s.warnings())
            + "\n");
  }
}
