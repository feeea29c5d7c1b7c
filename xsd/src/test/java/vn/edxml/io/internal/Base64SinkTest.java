package vn.edxml.io.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64SinkTest {

  private final SplittableRandom random = new SplittableRandom(17);

  @Test
  void decodesEveryLayoutInAnyChunks() throws Exception {
    for (int round = 0; round < 3_000; round++) {
      byte[] bytes = new byte[random.nextInt(round < 100 ? 8 : 70_000)];
      random.nextBytes(bytes);
      String text = layout(bytes, round % 5);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Base64Sink sink = new Base64Sink(out);
      feed(sink, text);
      sink.finish();
      assertArrayEquals(bytes, out.toByteArray(), () -> "layout of " + text);
      assertEquals(bytes.length, sink.bytes());
    }
  }

  @Test
  void aBadCharacterIsReportedWhereverItFalls() {
    byte[] bytes = new byte[3_000];
    random.nextBytes(bytes);
    String good = Base64.getMimeEncoder().encodeToString(bytes);
    for (int at : new int[] {0, 1, 2, 3, 4, 77, 1_500, good.length() - 1}) {
      if (Character.isWhitespace(good.charAt(at))) {
        continue;
      }
      String bad = good.substring(0, at) + '!' + good.substring(at + 1);
      var e = assertThrows(Base64Sink.InvalidBase64Exception.class, () -> decode(bad));
      assertEquals("character U+0021 is not base64", e.getMessage(), "at " + at);
    }
    var nonAscii = assertThrows(Base64Sink.InvalidBase64Exception.class, () -> decode("QUJDRÄFH"));
    assertEquals("character U+00C4 is not base64", nonAscii.getMessage());
  }

  @Test
  void paddingRules() {
    assertEquals(
        "data after '=' padding",
        assertThrows(Base64Sink.InvalidBase64Exception.class, () -> decode("QUI=QUJD"))
            .getMessage());
    assertEquals(
        "misplaced '=' padding",
        assertThrows(Base64Sink.InvalidBase64Exception.class, () -> decode("QUJD=AAA"))
            .getMessage());
    assertEquals(
        "truncated: a lone base64 character at the end",
        assertThrows(Base64Sink.InvalidBase64Exception.class, () -> decode("QUJDR")).getMessage());
  }

  /** 0: one line; 1: MIME (76 and CRLF); 2: 64 and LF; 3: padding left out; 4: stray spaces. */
  private String layout(byte[] bytes, int kind) {
    switch (kind) {
      case 0:
        return Base64.getEncoder().encodeToString(bytes);
      case 1:
        return Base64.getMimeEncoder().encodeToString(bytes);
      case 2:
        return Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(bytes);
      case 3:
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
      default:
        StringBuilder b = new StringBuilder();
        for (char c : Base64.getEncoder().encodeToString(bytes).toCharArray()) {
          if (random.nextInt(40) == 0) {
            b.append(" \t\r\n".charAt(random.nextInt(4)));
          }
          b.append(c);
        }
        return b.toString();
    }
  }

  private void feed(Base64Sink sink, String text) throws Exception {
    char[] ch = text.toCharArray();
    int at = 0;
    while (at < ch.length) {
      int n = Math.min(ch.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 9_000));
      // the parser's buffer: the chunk does not start at index 0
      char[] chunk = new char[n + 3];
      System.arraycopy(ch, at, chunk, 3, n);
      sink.accept(chunk, 3, n);
      at += n;
    }
  }

  private static byte[] decode(String text) throws IOException, Base64Sink.InvalidBase64Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Base64Sink sink = new Base64Sink(out);
    sink.accept(text.toCharArray(), 0, text.length());
    sink.finish();
    return out.toByteArray();
  }
}
