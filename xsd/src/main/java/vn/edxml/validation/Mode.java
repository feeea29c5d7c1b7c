package vn.edxml.validation;

/**
 * Validation mode. {@link #LENIENT} (the default) accepts what real producers emit and reports
 * their deviations as warnings; {@link #STRICT} enforces the regulated form and reports the same
 * deviations as errors. The severity of each rule in each mode is fixed in {@link RuleCode}.
 */
public enum Mode {
  LENIENT,
  STRICT;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
