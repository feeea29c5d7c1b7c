package vn.edxml.validation;

/** How serious a finding is. Only {@link #ERROR} makes a package invalid. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** Lower-case name used in reports: {@code error}, {@code warning}, {@code info}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
