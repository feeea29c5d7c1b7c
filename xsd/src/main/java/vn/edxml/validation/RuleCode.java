package vn.edxml.validation;

import static vn.edxml.validation.Severity.ERROR;
import static vn.edxml.validation.Severity.INFO;
import static vn.edxml.validation.Severity.WARNING;

import java.util.Locale;
import java.util.Optional;

/**
 * Every rule the validator checks, with a stable lower_snake_case id and its severity in each mode.
 * The ids never change once released; testers' CI may match on them. The table in {@code
 * xsd/RULES.md} documents the same list and is checked against this enum by a unit test.
 */
public enum RuleCode {
  // The file itself
  NOT_XML(ERROR, ERROR),
  XML_MALFORMED(ERROR, ERROR),
  DTD_FORBIDDEN(ERROR, ERROR),
  LIMIT_EXCEEDED(ERROR, ERROR),
  NOT_EDXML(ERROR, ERROR),
  SCHEMA_INVALID(ERROR, ERROR),
  // Organ codes
  ORGAN_ID_FORMAT(ERROR, ERROR),
  ORGAN_ID_NONSTANDARD(WARNING, ERROR),
  // DocumentId
  DOCUMENT_ID_FORMAT(WARNING, ERROR),
  DOCUMENT_ID_DATE_INVALID(WARNING, ERROR),
  DOCUMENT_ID_MISMATCH(WARNING, ERROR),
  // Manifest and attachments
  CONTENT_ID_DUPLICATE(ERROR, ERROR),
  REFERENCE_WITHOUT_ATTACHMENT(ERROR, ERROR),
  ATTACHMENT_WITHOUT_REFERENCE(ERROR, ERROR),
  ATTACHMENT_METADATA_MISMATCH(WARNING, ERROR),
  BASE64_INVALID(ERROR, ERROR),
  ATTACHMENT_EMPTY(WARNING, ERROR),
  CONTENT_TYPE_NONSTANDARD(WARNING, ERROR),
  CONTENT_TYPE_MISMATCH(WARNING, ERROR),
  // Header content
  DUPLICATE_RECIPIENT(ERROR, ERROR),
  RECOMMENDED_ELEMENT_MISSING(WARNING, ERROR),
  // Status packages
  STATUS_CODE_UNKNOWN(ERROR, ERROR),
  STATUS_DESCRIPTION_MISSING(ERROR, ERROR),
  STATUS_SENDER_NOT_ISSUER(ERROR, ERROR),
  // Business block (revoke, update, replace)
  BUSINESS_BLOCK_MISSING(WARNING, ERROR),
  BUSINESS_DOCUMENT_ID_MISSING(WARNING, ERROR),
  BUSINESS_DOCUMENT_ID_UNEXPECTED(WARNING, ERROR),
  BUSINESS_INFO_MISSING(ERROR, ERROR),
  BUSINESS_INFO_UNEXPECTED(WARNING, ERROR),
  DUPLICATE_REPLACEMENT(WARNING, ERROR),
  // Dates
  DATE_INVALID(ERROR, ERROR),
  DATE_IN_FUTURE(ERROR, ERROR),
  DATE_ORDER(WARNING, ERROR),
  // Signature block (checked for form only; never verified here)
  SIGNATURE_MISSING(INFO, WARNING),
  SIGNATURE_NAMESPACE(WARNING, ERROR),
  SIGNATURE_WEAK_ALGORITHM(WARNING, ERROR),
  SIGNATURE_PLACEHOLDER(WARNING, ERROR);

  private final Severity lenient;
  private final Severity strict;

  RuleCode(Severity lenient, Severity strict) {
    this.lenient = lenient;
    this.strict = strict;
  }

  /** The stable id, e.g. {@code organ_id_format}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity of this rule's findings in the given mode. */
  public Severity severity(Mode mode) {
    return mode == Mode.STRICT ? strict : lenient;
  }

  /** The rule with this id, if any. */
  public static Optional<RuleCode> fromId(String id) {
    for (RuleCode code : values()) {
      if (code.id().equals(id)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
