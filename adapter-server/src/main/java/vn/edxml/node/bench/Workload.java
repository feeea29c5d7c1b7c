package vn.edxml.node.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;

/**
 * The documents a benchmark sends: a công văn whose package is {@code documentBytes} long (the
 * summary text is padded; what does not fit in its 2,000 characters goes into a text attachment),
 * plus, when asked, one binary attachment of {@code attachmentBytes}. Every document gets a new
 * number, so every DocumentId is new.
 */
public final class Workload {

  private static final int CONTENT_MAX = 2_000;

  private final long documentBytes;
  private final long attachmentBytes;
  private final AtomicLong number;
  private final int contentPad;
  private final long textAttachmentBytes;

  /**
   * @param documentBytes target size of the package without the binary attachment
   * @param attachmentBytes size of the binary attachment (0: none)
   * @param firstNumber first document number (distinct per run when a store is reused)
   */
  public Workload(long documentBytes, long attachmentBytes, long firstNumber) {
    this.documentBytes = documentBytes;
    this.attachmentBytes = attachmentBytes;
    this.number = new AtomicLong(firstNumber);
    long bare = size(build("000.00.01.H98", "000.00.02.H98", firstNumber, 0, 0, 0));
    long missing = Math.max(0, documentBytes - bare);
    this.contentPad = (int) Math.min(CONTENT_MAX - 40, missing);
    long rest = missing - contentPad;
    // base64 grows 3 bytes to 4, and the attachment element itself costs about 250 bytes
    this.textAttachmentBytes = rest > 300 ? (rest - 250) * 3 / 4 : 0;
  }

  /** A new document from {@code from} to {@code to}. */
  public Edoc next(String from, String to) {
    return build(
        from, to, number.incrementAndGet(), contentPad, textAttachmentBytes, attachmentBytes);
  }

  public long documentBytes() {
    return documentBytes;
  }

  public long attachmentBytes() {
    return attachmentBytes;
  }

  /** The package size of a document of this workload, as the project's writer writes it. */
  public long packageBytes() {
    return size(next("000.00.01.H98", "000.00.02.H98"));
  }

  private static Edoc build(
      String from, String to, long n, int pad, long textBytes, long binaryBytes) {
    Edoc.Builder b =
        Edoc.builder()
            .from(Organ.of(from, "Cơ quan " + from))
            .to(Organ.of(to, "Cơ quan " + to))
            .code(Long.toString(n), "UBND-VP")
            .promulgated("Hà Nội", LocalDate.now().minusDays(1))
            .type(1, "Công văn")
            .subject("V/v đo hiệu năng liên thông văn bản số " + n)
            .content("Nội dung tóm tắt công văn " + n + " " + "x".repeat(pad))
            .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A");
    if (textBytes > 0) {
      b.attach(generated("noi-dung-" + n + ".txt", "text/plain", textBytes, n, true));
    }
    if (binaryBytes > 0) {
      b.attach(
          generated(
              "tep-dinh-kem-" + n + ".bin", "application/octet-stream", binaryBytes, n, false));
    }
    return b.build();
  }

  /** An attachment whose bytes are generated while read: nothing of it is held in memory. */
  private static Attachment generated(
      String name, String type, long size, long seed, boolean text) {
    return Attachment.builder()
        .name(name)
        .contentType(type)
        .size(size)
        .content(() -> new GeneratedStream(size, seed, text))
        .build();
  }

  private static long size(Edoc edoc) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      EdxmlWriter.builder().indent(false).build().write(edoc, out);
      return out.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pseudo-random bytes (xorshift), or printable ASCII for text, {@code size} of them. */
  static final class GeneratedStream extends InputStream {
    private long left;
    private long state;
    private final boolean text;

    GeneratedStream(long size, long seed, boolean text) {
      this.left = size;
      this.state = seed * 0x9E3779B97F4A7C15L | 1;
      this.text = text;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return next();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) next();
      }
      left -= n;
      return n;
    }

    private int next() {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      int v = (int) (state & 0xFF);
      return text ? 'a' + v % 26 : v;
    }
  }
}
