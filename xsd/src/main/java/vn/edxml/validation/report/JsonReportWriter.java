package vn.edxml.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import vn.edxml.validation.Finding;
import vn.edxml.validation.Severity;
import vn.edxml.validation.ValidationReport;

/**
 * JSON for tools: {@code {"mode", "valid", "summary", "files": [{"file", "kind", "valid", "errors",
 * "warnings", "findings": [{"code", "severity", "line", "column", "xpath", "message_en",
 * "message_vi"}]}]}}.
 */
public final class JsonReportWriter implements ReportWriter {

  @Override
  public void write(List<ValidationReport> reports, Writer out) throws IOException {
    Summary s = Summary.of(reports);
    out.write("{\n");
    out.write("  \"tool\": \"edxml validate\",\n");
    out.write("  \"mode\": " + str(s.mode().id()) + ",\n");
    out.write("  \"valid\": " + (s.invalid() == 0) + ",\n");
    out.write(
        "  \"summary\": {\"files\": "
            + s.files()
            + ", \"valid\": "
            + s.valid()
            + ", \"invalid\": "
            + s.invalid()
            + ", \"errors\": "
            + s.errors()
            + ", \"warnings\": "
            + s.warnings()
            + ", \"infos\": "
            + s.infos()
            + "},\n");
    out.write("  \"files\": [");
    for (int i = 0; i < reports.size(); i++) {
      ValidationReport r = reports.get(i);
      out.write(i == 0 ? "\n" : ",\n");
      out.write("    {\"file\": " + str(r.source()));
      out.write(", \"kind\": " + str(r.kind().name()));
      out.write(", \"valid\": " + r.isValid());
      out.write(", \"errors\": " + r.count(Severity.ERROR));
      out.write(", \"warnings\": " + r.count(Severity.WARNING));
      out.write(", \"findings\": [");
      List<Finding> findings = r.findings();
      for (int j = 0; j < findings.size(); j++) {
        Finding f = findings.get(j);
        out.write(j == 0 ? "\n" : ",\n");
        out.write("      {\"code\": " + str(f.code().id()));
        out.write(", \"severity\": " + str(f.severity().id()));
        out.write(", \"line\": " + f.line());
        out.write(", \"column\": " + f.column());
        out.write(", \"xpath\": " + str(f.xpath()));
        out.write(", \"message_en\": " + str(f.messageEn()));
        out.write(", \"message_vi\": " + str(f.messageVi()) + "}");
      }
      out.write(findings.isEmpty() ? "]}" : "\n    ]}");
    }
    out.write(reports.isEmpty() ? "]\n" : "\n  ]\n");
    out.write("}\n");
  }

  static String str(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !validPair(value, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
