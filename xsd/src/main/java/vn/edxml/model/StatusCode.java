package vn.edxml.model;

import java.util.Optional;

/**
 * The status codes of a status package (MessageHeader/StatusCode). No source defines 07 to 12 or
 * 14.
 */
public enum StatusCode {
  /** 01: the receiving system has the package; the clerk has not processed it yet. */
  RECEIVED("01", "Received", "Đã đến"),
  /** 02: the clerk rejects the document; a reason (description) is required. */
  REJECTED("02", "Rejected", "Từ chối tiếp nhận"),
  /** 03: the clerk registered (accepted) the document. */
  ACCEPTED("03", "Accepted", "Đã tiếp nhận"),
  /** 04: assigned for processing. */
  ASSIGNED("04", "Assigned", "Phân công"),
  /** 05: being processed; the only code that may be sent repeatedly. */
  PROCESSING("05", "Processing", "Đang xử lý"),
  /** 06: processing completed. */
  COMPLETED("06", "Completed", "Hoàn thành"),
  /** 13: the issuer recalls (revokes) a document it sent. */
  RECALLED("13", "Recalled by the issuer", "Lấy lại/thu hồi"),
  /** 15: the receiver agrees to a recall or update request. */
  CHANGE_ACCEPTED("15", "Recall or update agreed", "Đồng ý cập nhật, lấy lại/thu hồi"),
  /** 16: the receiver refuses a recall or update request. */
  CHANGE_REJECTED("16", "Recall or update refused", "Từ chối cập nhật, lấy lại/thu hồi");

  private final String code;
  private final String englishName;
  private final String vietnameseName;

  StatusCode(String code, String englishName, String vietnameseName) {
    this.code = code;
    this.englishName = englishName;
    this.vietnameseName = vietnameseName;
  }

  /** The two-digit code as written in the package, e.g. {@code "03"}. */
  public String code() {
    return code;
  }

  public String englishName() {
    return englishName;
  }

  public String vietnameseName() {
    return vietnameseName;
  }

  /** The code for a written value (surrounding whitespace ignored), or empty if unknown. */
  public static Optional<StatusCode> fromCode(String value) {
    if (value != null) {
      String stripped = value.strip();
      for (StatusCode status : values()) {
        if (status.code.equals(stripped)) {
          return Optional.of(status);
        }
      }
    }
    return Optional.empty();
  }
}
