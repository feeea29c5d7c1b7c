package vn.edxml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A generated key-store password can always be given as {@code --password PW}. */
class KeysGenerateCommandTest {

  @Test
  void aGeneratedPasswordNeverStartsWithADash() {
    for (int first = 0; first < 256; first++) {
      byte[] bytes = new byte[18];
      bytes[0] = (byte) first;
      bytes[17] = (byte) 0xfb; // '-' and '_' elsewhere stay
      String pw = KeysGenerateCommand.passwordFrom(bytes);
      assertFalse(pw.startsWith("-"), "first byte " + first + ": " + pw);
      assertEquals(24, pw.length());
      assertTrue(pw.matches("[A-Za-z0-9_-]+"), pw);
    }
  }

  @Test
  void otherPasswordsAreThePlainEncoding() {
    byte[] bytes = new byte[18];
    bytes[0] = (byte) 0xf8; // first six bits 62: would start with '-'
    assertTrue(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).startsWith("-"));
    assertTrue(KeysGenerateCommand.passwordFrom(bytes).startsWith("e"));
    bytes[0] = 0x10;
    assertEquals(
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        KeysGenerateCommand.passwordFrom(bytes));
  }
}
