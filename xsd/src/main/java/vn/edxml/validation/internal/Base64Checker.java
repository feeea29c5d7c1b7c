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
          fail(Problem.PADDING_NOT_AT_END, offset, c);
        }
        continue;
      }
      int v = value(c);
      if (v < 0) {
        fail(Problem.BAD_CHARACTER, offset, c);
        continue;
      }
      if (padding > 0) {
        fail(Problem.PADDING_NOT_AT_END, offset, c);
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
