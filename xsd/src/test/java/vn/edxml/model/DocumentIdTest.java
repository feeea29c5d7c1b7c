package vn.edxml.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentIdTest {

  @Test
  void parsesTheCanonicalForm() {
    DocumentId id = DocumentId.parse("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");

    assertEquals("000.00.00.G22", id.organId());
    assertEquals(LocalDate.of(2015, 9, 30), id.date());
    assertEquals("7816", id.number());
    assertEquals("VPCP-TTĐT", id.notation());
  }

  @Test
  void notationMayContainSlashes() {
    DocumentId id = DocumentId.parse("000.00.00.H41,2026/01/02,12/2026/QĐ-UBND");

    assertEquals("12", id.number());
    assertEquals("2026/QĐ-UBND", id.notation());
  }

  @Test
  void ofWritesTheCanonicalForm() {
    DocumentId id = DocumentId.of("000.00.00.H41", LocalDate.of(2026, 11, 2), "123", "UBND-VP");

    assertEquals("000.00.00.H41,2026/11/02,123/UBND-VP", id.toString());
    assertEquals(id, DocumentId.parse(id.toString()));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT", // impossible date, as in a real sample
        "6f1c2b9e-7f2e-4c1b-9a55-1d2b3c4d5e6f", // a UUID, as one producer writes
        "000.00.00.G22,2015/9/30,7816/VPCP", // not zero-padded
        "000.00.00.G22,2015/09/30,7816", // no notation
        "000.00.00.G22,2015/09/30,/VPCP", // no number
        "a,b,c,d",
        ",2015/09/30,1/X"
      })
  void tryParseNeverThrowsOnOddValues(String value) {
    assertTrue(DocumentId.tryParse(value).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> DocumentId.parse(value));
  }

  @Test
  void ofRefusesPartsThatMakeTheFormAmbiguous() {
    LocalDate date = LocalDate.of(2026, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> DocumentId.of("A,B", date, "1", "X"));
    assertThrows(IllegalArgumentException.class, () -> DocumentId.of("A", date, "1/2", "X"));
    assertThrows(IllegalArgumentException.class, () -> DocumentId.of("A", date, " ", "X"));
  }
}
