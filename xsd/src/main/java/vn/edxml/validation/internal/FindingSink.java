package vn.edxml.validation.internal;

import java.util.ArrayList;
import java.util.List;
import vn.edxml.validation.Finding;
import vn.edxml.validation.Mode;
import vn.edxml.validation.RuleCode;

/** Collects findings for one package, giving each the severity of its rule in the mode. */
public final class FindingSink {

  /** Longest quoted value in a message; longer values are cut with an ellipsis. */
  private static final int MAX_QUOTED = 120;

  private final Mode mode;
  private final List<Finding> findings = new ArrayList<>();

  public FindingSink(Mode mode) {
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  /** Adds a finding whose message key is the rule id. */
  public void add(RuleCode code, int line, int column, String xpath, Object... args) {
    addVariant(code, null, line, column, xpath, args);
  }

  public void add(RuleCode code, Node node, Object... args) {
    addVariant(code, null, node.line(), node.column(), node.xpath(), args);
  }

  public void addVariant(RuleCode code, String variant, Node node, Object... args) {
    addVariant(code, variant, node.line(), node.column(), node.xpath(), args);
  }

  /** Adds a finding whose message key is {@code id.variant} (or the id when variant is null). */
  public void addVariant(
      RuleCode code, String variant, int line, int column, String xpath, Object... args) {
    String key = variant == null ? code.id() : code.id() + "." + variant;
    Object[] safe = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      safe[i] = args[i] instanceof String s ? clean(s) : args[i];
    }
    findings.add(
        new Finding(
            code,
            code.severity(mode),
            line,
            column,
            xpath,
            Messages.english(key, safe),
            Messages.vietnamese(key, safe)));
  }

  public List<Finding> findings() {
    return findings;
  }

  public boolean hasAt(String xpath) {
    return findings.stream().anyMatch(f -> f.xpath().equals(xpath));
  }

  /**
   * Makes a value quoted from the input safe for every report format: no control characters (they
   * are not allowed in XML 1.0 output), and at most {@value #MAX_QUOTED} characters.
   */
  public static String clean(String value) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_QUOTED + 1));
    for (int i = 0; i < value.length() && sb.length() < MAX_QUOTED; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0xFFFE || c == 0xFFFF || Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          sb.append(c).append(value.charAt(++i));
        } else {
          sb.append(c == '\n' || c == '\t' || c == '\r' ? ' ' : '\uFFFD');
        }
      } else {
        sb.append(c);
      }
    }
    if (sb.length() < value.length()) {
      sb.append('…');
    }
    return sb.toString();
  }
}
