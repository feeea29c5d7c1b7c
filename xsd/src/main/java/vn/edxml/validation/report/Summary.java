package vn.edxml.validation.report;

import java.util.List;
import vn.edxml.validation.Mode;
import vn.edxml.validation.Severity;
import vn.edxml.validation.ValidationReport;

/** Counts over a run. */
record Summary(
    int files, int valid, int invalid, long errors, long warnings, long infos, Mode mode) {

  static Summary of(List<ValidationReport> reports) {
    int valid = 0;
    long errors = 0;
    long warnings = 0;
    long infos = 0;
    for (ValidationReport r : reports) {
      valid += r.isValid() ? 1 : 0;
      errors += r.count(Severity.ERROR);
      warnings += r.count(Severity.WARNING);
      infos += r.count(Severity.INFO);
    }
    Mode mode = reports.isEmpty() ? Mode.LENIENT : reports.get(0).mode();
    return new Summary(
        reports.size(), valid, reports.size() - valid, errors, warnings, infos, mode);
  }
}
