package vn.edxml.validation.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the edXML value formats: organ codes, dates, timestamps, DocumentIds. */
public final class Formats {

  /** The regulated organ code: NNN.NN.NN.Lnn (QĐ 28/2018 Art. 10; 13 characters, 4 groups). */
  public static final Pattern ORGAN_STRICT =
      Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}");

  /** What real systems emit: 2 to 4 dot-separated groups of upper-case letters and digits. */
  public static final Pattern ORGAN_LENIENT = Pattern.compile("[A-Z0-9]+(\\.[A-Z0-9]+){1,3}");

  private static final Pattern DATE = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})");
  private static final Pattern TIMESTAMP =
      Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})");
  private static final Pattern DOCUMENT_ID = Pattern.compile("([^,]+),([^,]+),(.+)");

  private Formats() {}

  /** A parsed value: well formed or not, and the value when it is a real date. */
  public record Parsed<T>(boolean wellFormed, T value) {
    boolean real() {
      return value != null;
    }
  }

  /** yyyy/MM/dd. */
  public static Parsed<LocalDate> date(String text) {
    Matcher m = DATE.matcher(text);
    if (!m.matches()) {
      return new Parsed<>(false, null);
    }
    try {
      return new Parsed<>(
          true,
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3))));
    } catch (DateTimeException e) {
      return new Parsed<>(true, null);
    }
  }

  /** yyyy/MM/dd HH:mm:ss. */
  public static Parsed<LocalDateTime> timestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      return new Parsed<>(false, null);
    }
    try {
      return new Parsed<>(
          true,
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6))));
    } catch (DateTimeException e) {
      return new Parsed<>(true, null);
    }
  }

  /**
   * A DocumentId: {@code OrganId,yyyy/MM/dd,Number/Notation}.
   *
   * @param organ the issuer's organ code
   * @param dateText the date as written
   * @param date the date, or null when it does not exist in the calendar
   * @param code {@code Number/Notation}
   */
  public record DocumentId(String organ, String dateText, LocalDate date, String code) {}

  /** The parsed DocumentId, or empty when it does not have the three-part form. */
  public static Optional<DocumentId> documentId(String text) {
    Matcher m = DOCUMENT_ID.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String organ = m.group(1).strip();
    String dateText = m.group(2).strip();
    String code = m.group(3).strip();
    Parsed<LocalDate> date = date(dateText);
    int slash = code.indexOf('/');
    if (!ORGAN_LENIENT.matcher(organ).matches()
        && !ORGAN_STRICT.matcher(organ).matches()
        && !organ.matches("[A-Za-z0-9._:\\-]+")) {
      return Optional.empty();
    }
    if (!date.wellFormed() || slash <= 0 || slash == code.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new DocumentId(organ, dateText, date.value(), code));
  }

  /** ContentId without the {@code cid:} prefix or angle brackets. */
  public static String contentId(String text) {
    String id = text.strip();
    if (id.regionMatches(true, 0, "cid:", 0, 4)) {
      id = id.substring(4);
    }
    if (id.startsWith("<") && id.endsWith(">") && id.length() >= 2) {
      id = id.substring(1, id.length() - 1);
    }
    return id.strip();
  }
}
