package vn.edxml.io;

/**
 * Why a package could not be read. The ids are stable and meant for logs, reports and conformance
 * cases. None of these errors goes away by retrying with the same bytes.
 */
public enum ParseErrorCode {
  /** Not well-formed XML, or not UTF-8/declared-encoding text. */
  NOT_XML("not_xml"),
  /** The document has a DOCTYPE; DTDs are refused (no entity expansion, no XXE). */
  DTD_FORBIDDEN("dtd_forbidden"),
  /** A size, depth or count limit of {@link vn.edxml.xml.XmlLimits} was exceeded. */
  LIMIT_EXCEEDED("limit_exceeded"),
  /** Well-formed XML but not an edXML package (wrong root or namespace, missing envelope). */
  NOT_EDXML("not_edxml"),
  /** An attachment's ContentTransferEncoded is not base64. */
  BASE64_INVALID("base64_invalid"),
  /** A typed date or timestamp is not a real {@code yyyy/MM/dd [HH:mm:ss]} value. */
  DATE_INVALID("date_invalid"),
  /** A typed value (number, boolean, code from a list) cannot be read. */
  VALUE_INVALID("value_invalid"),
  /** An element the schema does not allow there (reported only by a strict reader). */
  ELEMENT_UNEXPECTED("element_unexpected");

  private final String id;

  ParseErrorCode(String id) {
    this.id = id;
  }

  /** The stable id, e.g. {@code not_xml}. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
