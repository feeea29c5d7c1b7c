package vn.edxml.model;

/**
 * A document's number (số, CodeNumber) and notation (ký hiệu, CodeNotation), e.g. 7816 and
 * VPCP-TTĐT. Builders require a number; a package read from elsewhere may leave it empty. {@link
 * #toString()} gives {@code 7816/VPCP-TTĐT}, the form used in ResponseFor/Code.
 */
public record DocumentCode(String number, String notation) {

  public DocumentCode {
    number = number == null ? "" : number.strip();
    notation = notation == null ? "" : notation;
  }

  @Override
  public String toString() {
    return notation.isEmpty() ? number : number + "/" + notation;
  }
}
