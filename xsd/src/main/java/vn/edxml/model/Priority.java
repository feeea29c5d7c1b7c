package vn.edxml.model;

/** Urgency (độ khẩn) of a document, MessageHeader/OtherInfo/Priority. */
public enum Priority {
  /** 0: Thường. */
  NORMAL(0, "Normal", "Thường"),
  /** 1: Khẩn. */
  URGENT(1, "Urgent", "Khẩn"),
  /** 2: Thượng khẩn. */
  VERY_URGENT(2, "Very urgent", "Thượng khẩn"),
  /** 3: Hỏa tốc. */
  EXPRESS(3, "Express", "Hỏa tốc"),
  /** 4: Hỏa tốc hẹn giờ. */
  EXPRESS_TIMED(4, "Express, timed", "Hỏa tốc hẹn giờ");

  private final int code;
  private final String englishName;
  private final String vietnameseName;

  Priority(int code, String englishName, String vietnameseName) {
    this.code = code;
    this.englishName = englishName;
    this.vietnameseName = vietnameseName;
  }

  public int code() {
    return code;
  }

  public String englishName() {
    return englishName;
  }

  public String vietnameseName() {
    return vietnameseName;
  }

  /**
   * @throws IllegalArgumentException if {@code code} is not 0 to 4
   */
  public static Priority fromCode(int code) {
    for (Priority priority : values()) {
      if (priority.code == code) {
        return priority;
      }
    }
    throw new IllegalArgumentException("Priority must be 0 to 4, not " + code);
  }
}
