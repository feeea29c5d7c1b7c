package vn.edxml.validation;

import java.util.Locale;
import java.util.Objects;

/**
 * One thing the validator found in a package.
 *
 * @param code the rule, with a stable id such as {@code organ_id_format}
 * @param severity the severity of that rule in the mode the package was validated in
 * @param line 1-based line of the element (0 when unknown, e.g. not XML at all)
 * @param column 1-based column (0 when unknown)
 * @param xpath where, as local names with positional indexes, e.g. {@code
 *     /edXML/edXMLEnvelope[1]/edXMLHeader[1]/MessageHeader[1]/To[2]/OrganId[1]}; empty when the
 *     problem is the file itself
 * @param messageEn the message in English
 * @param messageVi the message in Vietnamese
 */
public record Finding(
    RuleCode code,
    Severity severity,
    int line,
    int column,
    String xpath,
    String messageEn,
    String messageVi) {

  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    xpath = xpath == null ? "" : xpath;
    Objects.requireNonNull(messageEn, "messageEn");
    Objects.requireNonNull(messageVi, "messageVi");
  }

  /** The message in Vietnamese for a {@code vi} locale, in English otherwise. */
  public String message(Locale locale) {
    return locale != null && "vi".equals(locale.getLanguage()) ? messageVi : messageEn;
  }

  /** {@code line:column}, or an empty string when the location is unknown. */
  public String location() {
    return line > 0 ? line + ":" + column : "";
  }
}
