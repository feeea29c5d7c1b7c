package vn.edxml.validation.internal;

/**
 * Checks base64 text incrementally, chunk by chunk, without keeping it: alphabet, padding only at
 * the end, and a length that is a multiple of 4 (whitespace ignored, as xs:base64Binary and MIME
 * allow). Counts the decoded bytes and keeps the first few for recognising the payload type.
 */
public final class Base64Checker {

  /** What went wrong first. */
  public enum Problem {
    BAD_CHARACTER,
    PADDING_NOT_AT_END,
    BAD_LENGTH
  }

  private long symbols; // base64 characters seen, excluding padding and whitespace
  private int padding;
  private long chars; // every character, for the limit
  private Problem problem;
  private long problemOffset;
  private int problemChar;
  private final byte[] head = new byte[8];
  private int headLength;
  private int bitBuffer;
  private int bitCount;

  /** Alphabet value (0–63) of each ASCII character, or one of the classes below. */
  private static final byte[] CLASS = new byte[128];

  private static final byte OTHER = -1;
  private static final byte SPACE = -2;
  private static final byte PAD = -3;

  static {
    java.util.Arrays.fill(CLASS, OTHER);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int v = 0; v < alphabet.length(); v++) {
      CLASS[alphabet.charAt(v)] = (byte) v;
    }
    CLASS[' '] = SPACE;
    CLASS['\n'] = SPACE;
    CLASS['\r'] = SPACE;
    CLASS['\t'] = SPACE;
    CLASS['='] = PAD;
  }

  public void update(char[] ch, int start, int length) {
    int end = start + length;
    int i = start;
    while (i < end) {
      if (problem != null) {
        chars += end - i; // only counted from here on
        return;
      }
      if (headLength == head.length && padding == 0) {
        // The bulk of an attachment: alphabet and whitespace only need counting.
        int j = i;
        long seen = 0;
        while (j < end) {
          char c = ch[j];
          int v = c < 128 ? CLASS[c] : OTHER;
          if (v >= 0) {
            seen++;
          } else if (v != SPACE) {
            break;
          }
          j++;
        }
        symbols += seen;
        chars += j - i;
        i = j;
        if (i == end) {
          return;
        }
      }
      check(ch[i++]);
    }
  }

  /** One character, with every rule: the head, padding and the first problem. */
  private void check(char c) {
    long offset = chars++;
    int v = c < 128 ? CLASS[c] : OTHER;
    if (v == SPACE) {
      return;
    }
    if (v == PAD) {
      padding++;
      if (padding > 2) {
        fail(Problem.PADDING_NOT_AT_END, offset, c);
      }
      return;
    }
    if (v == OTHER) {
      fail(Problem.BAD_CHARACTER, offset, c);
      return;
    }
    if (padding > 0) {
      fail(Problem.PADDING_NOT_AT_END, offset, c);
      return;
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

  private void fail(Problem p, long offset, char c) {
    problem = p;
    problemOffset = offset;
    problemChar = c;
  }

  /** Call once after the last chunk. */
  public void finish() {
    if (problem == null && (symbols + padding) % 4 != 0) {
      problem = Problem.BAD_LENGTH;
      problemOffset = chars;
    }
  }

  public boolean valid() {
    return problem == null;
  }

  public Problem problem() {
    return problem;
  }

  /** 0-based character offset of the first problem, inside the element's text. */
  public long problemOffset() {
    return problemOffset;
  }

  public int problemChar() {
    return problemChar;
  }

  /** Characters seen, whitespace included. */
  public long chars() {
    return chars;
  }

  /** Bytes the text decodes to. */
  public long decodedBytes() {
    return (symbols + padding) / 4 * 3 - padding;
  }

  /** True when nothing but whitespace was seen. */
  public boolean blank() {
    return symbols == 0 && padding == 0;
  }

  /** The first decoded bytes (up to 8). */
  public byte[] head() {
    return java.util.Arrays.copyOf(head, headLength);
  }
}
