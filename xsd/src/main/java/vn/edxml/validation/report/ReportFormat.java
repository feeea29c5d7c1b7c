package vn.edxml.validation.report;

import java.util.Locale;

/** The report formats: text for people, JSON for tools, JUnit XML for testers' CI. */
public enum ReportFormat {
  TEXT,
  JSON,
  JUNIT;

  /**
   * A writer for this format.
   *
   * @param locale the language of the text format ({@code vi} or English); JSON and JUnit carry
   *     both languages or English
   */
  public ReportWriter writer(Locale locale) {
    return switch (this) {
      case TEXT -> new TextReportWriter(locale);
      case JSON -> new JsonReportWriter();
      case JUNIT -> new JunitReportWriter();
    };
  }
}
