package vn.edxml.validation;

/** What kind of edXML package a file holds, as detected from its content. */
public enum PackageKind {
  /** A document package (gói tin văn bản): has an edXMLBody and a document MessageHeader. */
  EDOC,
  /** A status package (gói tin trạng thái): its MessageHeader has a StatusCode, no body. */
  STATUS,
  /** Not XML, not edXML, or too broken to tell. */
  UNKNOWN
}
