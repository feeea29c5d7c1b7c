package vn.edxml.validation;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one package.
 *
 * @param source the file name or the name given by the caller
 * @param kind the detected package kind
 * @param mode the mode it was validated in
 * @param findings every finding, in document order (file-level findings first)
 */
public record ValidationReport(String source, PackageKind kind, Mode mode, List<Finding> findings) {

  public ValidationReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mode, "mode");
    findings = List.copyOf(findings);
  }

  /** True when no finding is an {@link Severity#ERROR}. */
  public boolean isValid() {
    return count(Severity.ERROR) == 0;
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** True when some finding has this code, at any severity. */
  public boolean has(RuleCode code) {
    return findings.stream().anyMatch(f -> f.code() == code);
  }
}
