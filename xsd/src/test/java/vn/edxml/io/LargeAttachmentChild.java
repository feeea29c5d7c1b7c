package vn.edxml.io;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Random;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;

/**
 * Run by {@link LargeAttachmentStreamingTest} in a JVM with a small heap: generates an attachment
 * of the given size, writes a package with it, reads the package back and prints the SHA-256 of the
 * generated, written-then-read bytes as {@code generated=<hex> read=<hex> size=<n>}. Any failure
 * (including OutOfMemoryError) ends the JVM with a non-zero status.
 */
public final class LargeAttachmentChild {

  private LargeAttachmentChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]);

    Path payload = dir.resolve("payload.bin");
    MessageDigest generated = sha256();
    try (OutputStream out =
        new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(payload)), generated)) {
      Random random = new Random(20261120L);
      byte[] chunk = new byte[64 * 1024];
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }

    Edoc edoc =
        Edoc.builder()
            .from(Organ.of("000.00.00.H41", "UBND Tỉnh Nghệ An"))
            .to(Organ.of("000.00.00.G22", "Văn phòng Chính phủ"))
            .code("1", "TEST")
            .promulgated("Nghệ An", LocalDate.of(2026, 11, 20))
            .type(1, "Công văn")
            .subject("Large attachment")
            .signer("", "Chủ tịch", "Nguyễn Văn A")
            .attach(Attachment.of(payload, "application/octet-stream"))
            .build();
    Path pkg = dir.resolve("large.edxml");
    EdxmlWriter.create().write(edoc, pkg);

    Path spool = Files.createDirectories(dir.resolve("spool"));
    Edoc read = (Edoc) EdxmlReader.builder().attachmentFolder(spool).build().read(pkg);
    MessageDigest back = sha256();
    try (InputStream in = read.attachments().get(0).openStream()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        back.update(buffer, 0, n);
      }
    }
    System.out.println(
        "generated="
            + HexFormat.of().formatHex(generated.digest())
            + " read="
            + HexFormat.of().formatHex(back.digest())
            + " size="
            + read.attachments().get(0).size().orElse(-1)
            + " package="
            + Files.size(pkg)
            + " maxHeap="
            + Runtime.getRuntime().maxMemory());
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }
}
