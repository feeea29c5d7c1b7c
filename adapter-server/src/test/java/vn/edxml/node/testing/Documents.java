package vn.edxml.node.testing;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;

/** Test documents with unique numbers. */
public final class Documents {

  private static final AtomicInteger NUMBER =
      new AtomicInteger(1000 + (int) (System.nanoTime() % 50_000));

  private Documents() {}

  public static Organ organ(String code) {
    return Organ.of(code, "Cơ quan " + code);
  }

  /** A small text attachment held in memory. */
  public static Attachment text(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return Attachment.builder()
        .name(name)
        .contentType("text/plain")
        .content(() -> new java.io.ByteArrayInputStream(bytes))
        .size(bytes.length)
        .build();
  }

  /** A new document from {@code from} to {@code to}, with one small text attachment. */
  public static Edoc edoc(String from, String... to) {
    int n = NUMBER.incrementAndGet();
    return builder(n, from, to)
        .attach(text("cong-van-" + n + ".txt", "Nội dung công văn " + n))
        .build();
  }

  /** A new document from {@code from} to {@code to}, without attachments yet. */
  public static Edoc.Builder builder(String from, String... to) {
    return builder(NUMBER.incrementAndGet(), from, to);
  }

  private static Edoc.Builder builder(int n, String from, String... to) {
    Organ[] receivers = new Organ[to.length];
    for (int i = 0; i < to.length; i++) {
      receivers[i] = organ(to[i]);
    }
    return Edoc.builder()
        .from(organ(from))
        .to(receivers)
        .code(Integer.toString(n), "UBND-VP")
        .promulgated("Hà Nội", LocalDate.now().minusDays(1))
        .type(1, "Công văn")
        .subject("V/v thử nghiệm liên thông văn bản số " + n)
        .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A");
  }
}
