package vn.edxml.io.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A push-style base64 decoder: text arrives in the chunks the SAX parser delivers and decoded bytes
 * go straight to an output stream, so an attachment is never held in memory. Whitespace (line
 * breaks of MIME-wrapped producers) is skipped; padding may be left out at the end; any other
 * character outside the base64 alphabet, or data after padding, is an error.
 */
public final class Base64Sink {

  /** The text is not base64. */
  public static final class InvalidBase64Exception extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidBase64Exception(String message) {
      super(message);
    }
  }

  private static final int WHITESPACE = -2;
  private static final int[] TABLE = new int[128];

  static {
    java.util.Arrays.fill(TABLE, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      TABLE[alphabet.charAt(i)] = i;
    }
    TABLE[' '] = WHITESPACE;
    TABLE['\t'] = WHITESPACE;
    TABLE['\r'] = WHITESPACE;
    TABLE['\n'] = WHITESPACE;
  }

  private final OutputStream out;
  private final byte[] buffer = new byte[48 * 1024];
  private int buffered;
  private int acc;
  private int chars;
  private int padding;
  private boolean ended;
  private long bytes;

  public Base64Sink(OutputStream out) {
    this.out = out;
  }

  /** Decoded bytes so far. */
  public long bytes() {
    return bytes;
  }

  public void accept(char[] ch, int start, int length) throws InvalidBase64Exception, IOException {
    int end = start + length;
    for (int i = start; i < end; i++) {
      if (chars == 0 && !ended) {
        i = acceptGroups(ch, i, end);
        if (i == end) {
          return;
        }
      }
      char c = ch[i];
      int v = c < 128 ? TABLE[c] : -1;
      if (v == WHITESPACE) {
        continue;
      }
      if (c == '=') {
        if (ended || chars - padding < 2) {
          throw new InvalidBase64Exception("misplaced '=' padding");
        }
        padding++;
        if (++chars == 4) {
          emit(4 - padding);
          ended = true;
        }
        continue;
      }
      if (v < 0) {
        throw new InvalidBase64Exception(
            "character U+" + String.format("%04X", (int) c) + " is not base64");
      }
      if (ended || padding > 0) {
        throw new InvalidBase64Exception("data after '=' padding");
      }
      acc = (acc << 6) | v;
      if (++chars == 4) {
        emit(4);
      }
    }
  }

  /**
   * The bulk of an attachment, between line breaks: whole groups of four alphabet characters,
   * decoded straight into the buffer. Stops at the first group holding anything else (whitespace,
   * padding, a bad character) or too short, for the loop above to take one character at a time.
   *
   * @return the index of the first character not consumed
   */
  private int acceptGroups(char[] ch, int i, int end) throws IOException {
    while (end - i >= 4) {
      char c0 = ch[i];
      char c1 = ch[i + 1];
      char c2 = ch[i + 2];
      char c3 = ch[i + 3];
      if ((c0 | c1 | c2 | c3) >= 128) {
        break;
      }
      int v0 = TABLE[c0];
      int v1 = TABLE[c1];
      int v2 = TABLE[c2];
      int v3 = TABLE[c3];
      if ((v0 | v1 | v2 | v3) < 0) {
        break;
      }
      int group = v0 << 18 | v1 << 12 | v2 << 6 | v3;
      makeRoom();
      buffer[buffered] = (byte) (group >> 16);
      buffer[buffered + 1] = (byte) (group >> 8);
      buffer[buffered + 2] = (byte) group;
      buffered += 3;
      bytes += 3;
      i += 4;
    }
    return i;
  }

  /** Writes the buffer out when it has no room for three more bytes. */
  private void makeRoom() throws IOException {
    if (buffered + 3 > buffer.length) {
      out.write(buffer, 0, buffered);
      buffered = 0;
    }
  }

  /** Flushes the last group; the caller closes the output stream. */
  public void finish() throws InvalidBase64Exception, IOException {
    if (chars > 0) {
      int data = chars - padding;
      if (data < 2) {
        throw new InvalidBase64Exception("truncated: a lone base64 character at the end");
      }
      emit(data);
    }
    out.write(buffer, 0, buffered);
    buffered = 0;
  }

  /** Writes the bytes encoded by {@code data} (2 to 4) sextets held in {@code acc}. */
  private void emit(int data) throws IOException {
    makeRoom();
    if (data == 4) {
      buffer[buffered++] = (byte) (acc >> 16);
      buffer[buffered++] = (byte) (acc >> 8);
      buffer[buffered++] = (byte) acc;
      bytes += 3;
    } else if (data == 3) {
      buffer[buffered++] = (byte) (acc >> 10);
      buffer[buffered++] = (byte) (acc >> 2);
      bytes += 2;
    } else {
      buffer[buffered++] = (byte) (acc >> 4);
      bytes += 1;
    }
    acc = 0;
    chars = 0;
    padding = 0;
  }
}
