package vn.edxml.client.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Outcome;
import vn.edxml.client.SendReceipt;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;
import vn.edxml.node.testing.TestNode;

/**
 * The vendor's first send from adapter-client/README.md and the root README.md, compiled and run
 * against a real node. Keep {@link #firstSend} identical to the README (only the two file paths are
 * parameters here).
 */
class ReadmeExampleIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @TempDir Path dir;

  static void firstSend(Path config, Path pdf) throws Exception {
    // ---- README: begin
    try (EdxmlClient client = EdxmlClient.fromConfig(config)) {
      Edoc edoc =
          Edoc.builder()
              .from(Organ.of("000.00.01.H99", "UBND Demo A"))
              .to(Organ.of("000.00.02.H99", "UBND Demo B"))
              .code("12", "UBND-VP")
              .promulgated("Hà Nội", LocalDate.now())
              .type(1, "Công văn")
              .subject("V/v triển khai liên thông văn bản điện tử")
              .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
              .attach(pdf, "application/pdf")
              .build();
      Outcome<SendReceipt> outcome = client.send(edoc);
      outcome
          .rejection()
          .ifPresentOrElse(
              r -> System.err.println(r.describe(Locale.forLanguageTag("vi"))),
              () -> System.out.println("sent " + outcome.value().messageId()));
    }
    // ---- README: end
  }

  @Test
  void theReadmeExampleSendsADocument() throws Exception {
    Path config = ClientFiles.write(NODE, TestNode.ORGAN_A, dir);
    Path pdf = Files.writeString(dir.resolve("cong-van.pdf"), "%PDF-1.4 thử nghiệm");
    firstSend(config, pdf);
    try (EdxmlClient b =
        EdxmlClient.fromConfig(ClientFiles.write(NODE, TestNode.ORGAN_B, dir.resolve("b")))) {
      assertTrue(
          b.pending().value().messages().stream()
              .anyMatch(
                  m ->
                      m.from().equals(TestNode.ORGAN_A)
                          && m.subject().equals("V/v triển khai liên thông văn bản điện tử")));
    }
  }
}
