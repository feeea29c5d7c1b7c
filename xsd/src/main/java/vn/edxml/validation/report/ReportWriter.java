package vn.edxml.validation.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import vn.edxml.validation.ValidationReport;

/** Writes the reports of one validation run in one format. */
public interface ReportWriter {

  /**
   * Writes every report, then a summary where the format has one.
   *
   * @param reports one per package, in the order they were checked, all in the same mode
   */
  void write(List<ValidationReport> reports, Writer out) throws IOException;
}
