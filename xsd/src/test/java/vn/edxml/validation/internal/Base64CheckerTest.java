package vn.edxml.validation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The table-driven {@link Base64Checker} (a fast loop for the bulk of an attachment) must decide
 * exactly as the character-by-character version it replaced, which is kept here as the reference:
 * same verdict, same first problem at the same offset, same counts and same head, however the text
 * is cut into chunks.
 */
class Base64CheckerTest {

  @Test
  void agreesWithTheReferenceOnRandomTextAndRandomChunks() {
    SplittableRandom random = new SplittableRandom(20261121L);
    int invalid = 0;
    for (int round = 0; round < 30_000; round++) {
      char[] text = randomText(random);
      Base64Checker fast = new Base64Checker();
      Reference reference = new Reference();
      int at = 0;
      while (at < text.length) {
        int n = 1 + random.nextInt(Math.min(text.length - at, 1 + random.nextInt(300)));
        fast.update(text, at, n);
        reference.update(text, at, n);
        at += n;
      }
      fast.finish();
      reference.finish();
      String what = "round " + round + ": " + new String(text);
      assertEquals(reference.problem, fast.problem(), what);
      assertEquals(reference.problem == null, fast.valid(), what);
      if (reference.problem != null) {
        invalid++;
        assertEquals(reference.problemOffset, fast.problemOffset(), what);
        assertEquals(reference.problemChar, fast.problemChar(), what);
      }
      assertEquals(reference.chars, fast.chars(), what);
      assertEquals(reference.decodedBytes(), fast.decodedBytes(), what);
      assertEquals(reference.blank(), fast.blank(), what);
      assertArrayEquals(reference.head(), fast.head(), what);
    }
    // Both kinds of input were really drawn.
    assertTrue(invalid > 3_000 && invalid < 27_000, "invalid inputs: " + invalid);
  }

  @Test
  void countsALargeWrappedAttachment() {
    byte[] data = new byte[300_000];
    new SplittableRandom(7).nextBytes(data);
    String text = java.util.Base64.getMimeEncoder().encodeToString(data);
    Base64Checker checker = new Base64Checker();
    char[] chars = text.toCharArray();
    for (int at = 0; at < chars.length; at += 8192) {
      checker.update(chars, at, Math.min(8192, chars.length - at));
    }
    checker.finish();
    assertTrue(checker.valid());
    assertEquals(data.length, checker.decodedBytes());
    assertEquals(chars.length, checker.chars());
    assertArrayEquals(java.util.Arrays.copyOf(data, 8), checker.head());
    assertFalse(checker.blank());
  }

  private static char[] randomText(SplittableRandom random) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int length = random.nextInt(5) == 0 ? random.nextInt(12) : random.nextInt(2_000);
    char[] text = new char[length];
    boolean clean = random.nextBoolean();
    for (int i = 0; i < length; i++) {
      int roll = random.nextInt(1000);
      if (roll < 40) {
        text[i] = " \n\r\t".charAt(random.nextInt(4));
      } else if (!clean && roll < 43) {
        String odd = "=-_.é\u0000\u00ff\u0100\u0627*";
        text[i] = odd.charAt(random.nextInt(odd.length()));
      } else {
        text[i] = alphabet.charAt(random.nextInt(64));
      }
    }
    if (length > 0 && random.nextBoolean()) {
      int pads = 1 + random.nextInt(3);
      for (int p = 0; p < pads && length - 1 - p >= 0; p++) {
        text[length - 1 - p] = '=';
      }
    }
    if (length > 2 && random.nextInt(4) == 0) {
      text[random.nextInt(length)] = '=';
    }
    return text;
  }

  /** The previous implementation, one character at a time, kept as the reference. */
  private static final class Reference {
    private long symbols; // base64 characters seen, excluding padding and whitespace
    private int padding;
    private long chars; // every character, for the limit
    private Base64Checker.Problem problem;
    private long problemOffset;
    private int problemChar;
    private final byte[] head = new byte[8];
    private int headLength;
    private int bitBuffer;
    private int bitCount;

    public void update(char[] ch, int start, int length) {
      for (int i = start; i < start + length; i++) {
        char c = ch[i];
        long offset = chars++;
        if (problem != null) {
          continue;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          continue;
        }
        if (c == '=') {
          padding++;
          if (padding > 2) {
            fail(Base64Checker.Problem.PADDING_NOT_AT_END, offset, c);
          }
          continue;
        }
        int v = value(c);
        if (v < 0) {
          fail(Base64Checker.Problem.BAD_CHARACTER, offset, c);
          continue;
        }
        if (padding > 0) {
          fail(Base64Checker.Problem.PADDING_NOT_AT_END, offset, c);
          continue;
        }
        symbols++;
        if (headLength < head.length) {
          bitBuffer = (bitBuffer << 6) | v;
          bitCount += 6;
          if (bitCount >= 8) {
            bitCount -= 8;
            head[headLength++] = (byte) (bitBuffer >> bitCount);
            bitBuffer &= (1 << bitCount) - 1;
          }
        }
      }
    }

    private void fail(Base64Checker.Problem p, long offset, char c) {
      problem = p;
      problemOffset = offset;
      problemChar = c;
    }

    /** Call once after the last chunk. */
    public void finish() {
      if (problem == null && (symbols + padding) % 4 != 0) {
        problem = Base64Checker.Problem.BAD_LENGTH;
        problemOffset = chars;
      }
    }

    private static int value(char c) {
      if (c >= 'A' && c <= 'Z') {
        return c - 'A';
      }
      if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
      }
      if (c >= '0' && c <= '9') {
        return c - '0' + 52;
      }
      if (c == '+') {
        return 62;
      }
      if (c == '/') {
        return 63;
      }
      return -1;
    }

    boolean blank() {
      return symbols == 0 && padding == 0;
    }

    long decodedBytes() {
      return (symbols + padding) / 4 * 3 - padding;
    }

    byte[] head() {
      return java.util.Arrays.copyOf(head, headLength);
    }
  }
}
