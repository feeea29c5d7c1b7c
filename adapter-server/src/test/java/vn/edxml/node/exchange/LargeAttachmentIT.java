package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.io.EdxmlReader;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.Receipt;

/** A document with a 20 MB attachment, exchanged over MTOM and walked through 01 to 06. */
class LargeAttachmentIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static final int SIZE = 20 * 1024 * 1024;

  @Test
  void twentyMegabyteAttachmentArrivesIntactAndIsProcessed() throws Exception {
    Path dir = Path.of(System.getProperty("java.io.tmpdir")).resolve("large-" + System.nanoTime());
    Files.createDirectories(dir);
    Path pdf = dir.resolve("bao-cao.pdf");
    byte[] expected = writeRandom(pdf, SIZE);
    Edoc edoc =
        Edoc.builder()
            .from(Documents.organ(TestNode.ORGAN_A))
            .to(Documents.organ(TestNode.ORGAN_B))
            .code(Long.toString(System.nanoTime() % 1_000_000), "UBND-BC")
            .promulgated("Hà Nội", LocalDate.now())
            .type(1, "Báo cáo")
            .subject("Báo cáo tổng hợp kèm phụ lục dung lượng lớn")
            .signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn B")
            .attach(pdf, "application/pdf")
            .build();
    try (TestClient a = NODE.client(TestNode.ORGAN_A);
        TestClient b = NODE.client(TestNode.ORGAN_B)) {
      Receipt receipt = a.send(edoc);
      GetDocumentResponse doc = b.get(receipt.getMessageId());
      Path received = dir.resolve("received.edxml");
      try (InputStream in = doc.getPackage().getInputStream();
          OutputStream out = Files.newOutputStream(received)) {
        in.transferTo(out);
      }
      EdxmlPackage pkg = EdxmlReader.builder().attachmentFolder(dir).build().read(received);
      Attachment got = ((Edoc) pkg).attachments().get(0);
      assertEquals("bao-cao.pdf", got.name());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(got.openStream(), sha)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      assertArrayEquals(expected, sha.digest());
      b.confirm(receipt.getMessageId());
      for (StatusCode code :
          List.of(
              StatusCode.RECEIVED,
              StatusCode.ACCEPTED,
              StatusCode.ASSIGNED,
              StatusCode.PROCESSING,
              StatusCode.COMPLETED)) {
        b.sendStatus(
            Status.builder()
                .from(Documents.organ(TestNode.ORGAN_B))
                .responseFor(edoc)
                .code(code)
                .build(),
            List.of(TestNode.ORGAN_A));
      }
      assertEquals(
          List.of("01", "03", "04", "05", "06"),
          a.traces(edoc.documentId()).getEvent().stream()
              .filter(e -> e.getStatus() != null)
              .map(e -> e.getStatus())
              .toList());
    }
  }

  /** Writes {@code size} pseudo-random bytes and returns their SHA-256. */
  private static byte[] writeRandom(Path file, int size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < size; written += chunk.length) {
        random.nextBytes(chunk);
        int n = Math.min(chunk.length, size - written);
        out.write(chunk, 0, n);
        sha.update(chunk, 0, n);
      }
    }
    return sha.digest();
  }
}
