package vn.edxml.model;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;

/**
 * The business identity of a document, written {@code OrganId,yyyy/MM/dd,Number/Notation}, e.g.
 * {@code 000.00.00.G22,2015/09/30,7816/VPCP-TTĐT}: the issuing organ, the promulgation date and the
 * document's number and notation. Used for de-duplication by the axes.
 *
 * <p>Real packages carry values that do not follow this form (a UUID, an impossible date such as
 * {@code 2014/02/30}), so the model keeps DocumentIds as strings and this type is for building and
 * inspecting them: {@link #tryParse(String)} never throws.
 */
public final class DocumentId {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu/MM/dd").withResolverStyle(ResolverStyle.STRICT);

  private final String organId;
  private final LocalDate date;
  private final String number;
  private final String notation;

  private DocumentId(String organId, LocalDate date, String number, String notation) {
    this.organId = organId;
    this.date = date;
    this.number = number;
    this.notation = notation;
  }

  /**
   * A DocumentId from its parts.
   *
   * @throws IllegalArgumentException if a part is blank, or contains a comma (or the number a
   *     slash), which would make the canonical form ambiguous
   */
  public static DocumentId of(String organId, LocalDate date, String number, String notation) {
    String o = Organ.requireText(organId, "organId");
    String n = Organ.requireText(number, "number");
    String t = Organ.requireText(notation, "notation");
    Objects.requireNonNull(date, "date");
    if (o.contains(",") || n.contains(",") || t.contains(",") || n.contains("/")) {
      throw new IllegalArgumentException(
          "DocumentId parts must not contain ',' (nor '/' in the number): "
              + o
              + ", "
              + n
              + ", "
              + t);
    }
    return new DocumentId(o, date, n, t);
  }

  /**
   * Parses the canonical form.
   *
   * @throws IllegalArgumentException with the reason if {@code value} is not in the canonical form
   */
  public static DocumentId parse(String value) {
    return tryParse(value)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Not a DocumentId of the form OrganId,yyyy/MM/dd,Number/Notation: " + value));
  }

  /** Parses the canonical form; empty for any other value (never throws). */
  public static Optional<DocumentId> tryParse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.strip().split(",", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    int slash = parts[2].indexOf('/');
    if (slash <= 0 || slash == parts[2].length() - 1) {
      return Optional.empty();
    }
    try {
      LocalDate date = LocalDate.parse(parts[1].strip(), DATE);
      return Optional.of(
          of(parts[0], date, parts[2].substring(0, slash), parts[2].substring(slash + 1)));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String organId() {
    return organId;
  }

  /** The promulgation date part. */
  public LocalDate date() {
    return date;
  }

  /** The number (số), e.g. {@code 7816}. */
  public String number() {
    return number;
  }

  /** The notation (ký hiệu), e.g. {@code VPCP-TTĐT}. */
  public String notation() {
    return notation;
  }

  /** The canonical form {@code OrganId,yyyy/MM/dd,Number/Notation}. */
  @Override
  public String toString() {
    return organId + "," + DATE.format(date) + "," + number + "/" + notation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DocumentId other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
