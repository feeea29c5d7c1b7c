package vn.edxml.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import vn.edxml.validation.Finding;
import vn.edxml.validation.Severity;
import vn.edxml.validation.ValidationReport;

/**
 * JUnit XML for testers' CI: one {@code testsuite} per run, one {@code testcase} per file; a file
 * with errors has one {@code failure} whose type is the first error's code and whose text lists
 * every error; warnings and notes go to the test case's {@code system-out}.
 */
public final class JunitReportWriter implements ReportWriter {

  @Override
  public void write(List<ValidationReport> reports, Writer out) throws IOException {
    Summary s = Summary.of(reports);
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuite");
      x.writeAttribute("name", "edxml validate (" + s.mode().id() + ")");
      x.writeAttribute("tests", Integer.toString(s.files()));
      x.writeAttribute("failures", Integer.toString(s.invalid()));
      x.writeAttribute("errors", "0");
      x.writeAttribute("skipped", "0");
      x.writeCharacters("\n");
      for (ValidationReport r : reports) {
        x.writeCharacters("  ");
        x.writeStartElement("testcase");
        x.writeAttribute(
            "classname", "edxml.validate." + r.kind().name().toLowerCase(java.util.Locale.ROOT));
        x.writeAttribute("name", xml(r.source()));
        List<Finding> errors =
            r.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        if (!errors.isEmpty()) {
          x.writeCharacters("\n    ");
          x.writeStartElement("failure");
          x.writeAttribute("type", errors.get(0).code().id());
          x.writeAttribute(
              "message", xml(errors.size() + " error(s); first: " + errors.get(0).messageEn()));
          x.writeCharacters(xml(lines(errors)));
          x.writeEndElement();
        }
        List<Finding> others =
            r.findings().stream().filter(f -> f.severity() != Severity.ERROR).toList();
        if (!others.isEmpty()) {
          x.writeCharacters("\n    ");
          x.writeStartElement("system-out");
          x.writeCharacters(xml(lines(others)));
          x.writeEndElement();
        }
        if (!errors.isEmpty() || !others.isEmpty()) {
          x.writeCharacters("\n  ");
        }
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.flush();
    } catch (XMLStreamException e) {
      throw new IOException("Cannot write the JUnit report", e);
    }
  }

  private static String lines(List<Finding> findings) {
    StringBuilder sb = new StringBuilder("\n");
    for (Finding f : findings) {
      sb.append(f.severity().id())
          .append(' ')
          .append(f.code().id())
          .append(f.location().isEmpty() ? "" : " at " + f.location())
          .append(f.xpath().isEmpty() ? "" : " " + f.xpath())
          .append("\n  ")
          .append(f.messageEn())
          .append("\n  ")
          .append(f.messageVi())
          .append('\n');
    }
    return sb.toString();
  }

  /** Drops characters XML 1.0 cannot carry. */
  private static String xml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c < 0xD800)
              || (c >= 0xE000 && c < 0xFFFE);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else {
        sb.append(ok ? c : '\uFFFD');
      }
    }
    return sb.toString();
  }
}
