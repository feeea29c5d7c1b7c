package vn.edxml.model;

/**
 * What a document package does to the business document (TraceHeaderList/Bussiness/
 * BussinessDocType). The element names are misspelled "Bussiness" in the standard; the Java names
 * are not.
 */
public enum BusinessDocType {
  /** 0: a new document (văn bản mới). */
  NEW(0, "Văn bản điện tử mới"),
  /** 1: revokes (thu hồi) an earlier document. */
  REVOKE(1, "Thu hồi văn bản điện tử"),
  /** 2: updates (cập nhật) an earlier document's metadata or receivers. */
  UPDATE(2, "Cập nhật văn bản điện tử"),
  /** 3: replaces (thay thế) earlier documents. */
  REPLACE(3, "Văn bản thay thế");

  private final int code;
  private final String defaultReason;

  BusinessDocType(int code, String defaultReason) {
    this.code = code;
    this.defaultReason = defaultReason;
  }

  /** The number written in BussinessDocType. */
  public int code() {
    return code;
  }

  /** The BussinessDocReason real producers write for this type, used when none is given. */
  public String defaultReason() {
    return defaultReason;
  }

  /**
   * @throws IllegalArgumentException if {@code code} is not 0 to 3
   */
  public static BusinessDocType fromCode(int code) {
    for (BusinessDocType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new IllegalArgumentException("BussinessDocType must be 0 to 3, not " + code);
  }
}
