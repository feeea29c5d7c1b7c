package vn.edxml.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.io.PackageSummary;
import vn.edxml.io.PackageSummaryReader;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;

/** Two bridges (organ A and organ B) exchange documents and statuses through a real node. */
class BridgeExchangeIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @AfterAll
  static void closeClients() {
    BridgeSite.closeClients();
  }

  /** Each test has its own organs, so its own mailboxes. */
  private String organA;

  private String organB;

  @BeforeEach
  void newOrgans() {
    organA = BridgeSite.newOrgan(NODE);
    organB = BridgeSite.newOrgan(NODE);
  }

  private static PackageSummary summary(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new PackageSummaryReader().read(in);
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  @Test
  void documentGoesFromAsOutboxToBsInboxAndBsStatusFileComesBackToAsStatusFolder()
      throws Exception {
    BridgeSite a = BridgeSite.create(NODE, organA);
    BridgeSite b = BridgeSite.create(NODE, organB);
    Edoc edoc = Documents.edoc(organA, organB);
    byte[] bytes = TestClient.bytes(edoc);
    a.drop("công văn 12.edxml", bytes);

    Bridge.Cycle first = a.cycle();
    assertEquals(1, first.sent(), first.line());
    assertTrue(first.nodeReachable());
    assertEquals(List.of("công văn 12.edxml", "công văn 12.edxml.receipt.txt"), a.names("sent"));
    Properties receipt = properties(a.sub("sent").resolve("công văn 12.edxml.receipt.txt"));
    assertEquals(edoc.documentId(), receipt.getProperty("document.id"));
    assertEquals("false", receipt.getProperty("duplicate"));
    assertTrue(receipt.getProperty("recipient.1").startsWith(organB + " DELIVERED"));
    a.assertIdle();

    Bridge.Cycle received = b.cycle();
    assertEquals(1, received.received(), received.line());
    assertEquals(1, b.copiesOf("inbox", bytes));
    assertEquals(1, b.names("inbox").size());
    b.assertIdle();
    try (TestClient bc = NODE.client(organB)) {
      assertTrue(
          bc.pending().getPending().stream()
              .noneMatch(p -> edoc.documentId().equals(p.getDocumentId())),
          "confirmed: no longer pending");
    }
    // Another cycle delivers nothing new.
    assertEquals(0, b.cycle().received());
    assertEquals(1, b.names("inbox").size());

    // B's legacy software accepts the document with a small status file.
    b.dropText(
        "tiep-nhan.status",
        "\uFEFFdocument.id=" + edoc.documentId() + "\ncode=03\nreason=Văn thư đã tiếp nhận\n");
    Bridge.Cycle status = b.cycle();
    assertEquals(1, status.sent(), status.line());
    assertEquals(List.of("tiep-nhan.status", "tiep-nhan.status.receipt.txt"), b.names("sent"));
    b.assertIdle();

    Bridge.Cycle back = a.cycle();
    assertEquals(1, back.statuses(), back.line());
    List<String> statuses = a.names("status");
    assertEquals(1, statuses.size());
    PackageSummary s = summary(a.sub("status").resolve(statuses.get(0)));
    assertTrue(s.isStatus());
    assertEquals("03", s.statusCode());
    assertEquals(edoc.documentId(), s.documentId());
    assertEquals(organB, s.from());
    assertEquals("Văn thư đã tiếp nhận", s.subject());
    a.assertIdle();
  }

  @Test
  void refusedFilesGoToFailedWithAReadableReport() throws Exception {
    BridgeSite a = BridgeSite.create(NODE, organA);
    Edoc edoc = Documents.edoc(organA, organB);
    try (TestClient ac = NODE.client(organA)) {
      ac.send(edoc); // sent before by other means: the bridge's copy is a duplicate document
    }
    a.drop("trung.edxml", edoc);
    a.dropText("not-edxml.edxml", "this is not XML");
    a.dropText("thieu-ma.status", "document.id=" + edoc.documentId() + "\n");

    Bridge.Cycle cycle = a.cycle();
    assertEquals(3, cycle.failed(), cycle.line());
    assertEquals(0, cycle.sent());
    assertEquals(
        List.of(
            "not-edxml.edxml",
            "not-edxml.edxml.error.txt",
            "thieu-ma.status",
            "thieu-ma.status.error.txt",
            "trung.edxml",
            "trung.edxml.error.txt"),
        a.names("failed"));
    String duplicate = Files.readString(a.sub("failed").resolve("trung.edxml.error.txt"));
    assertTrue(duplicate.contains("duplicate_document"), duplicate);
    assertTrue(duplicate.contains("Mã tương quan / Correlation id: "), duplicate);
    assertTrue(duplicate.contains("Cần làm:") && duplicate.contains("What to do:"), duplicate);
    String unreadable = Files.readString(a.sub("failed").resolve("not-edxml.edxml.error.txt"));
    assertTrue(unreadable.contains("package_unreadable"), unreadable);
    String status = Files.readString(a.sub("failed").resolve("thieu-ma.status.error.txt"));
    assertTrue(status.contains("status_file_invalid") && status.contains("code"), status);
    a.assertIdle();
    assertEquals(List.of(), a.names("sent"));
  }

  @Test
  void statusFileForAnUnknownDocumentIsRefusedByTheNode() throws Exception {
    BridgeSite b = BridgeSite.create(NODE, organB);
    b.dropText(
        "lac.status",
        "document.id=" + organA + ",2020/01/01,999999/KHONG-CO\ncode=02\nreason=Sai\n");
    Bridge.Cycle cycle = b.cycle();
    assertEquals(1, cycle.failed(), cycle.line());
    String report = Files.readString(b.sub("failed").resolve("lac.status.error.txt"));
    assertTrue(report.contains("status_unknown_document"), report);
  }

  @Test
  void sameNameSentTwiceKeepsBothInSent() throws Exception {
    BridgeSite a = BridgeSite.create(NODE, organA);
    a.drop("cv.edxml", Documents.edoc(organA, organB));
    assertEquals(1, a.cycle().sent());
    a.drop("cv.edxml", Documents.edoc(organA, organB));
    assertEquals(1, a.cycle().sent());
    List<String> sent = a.names("sent");
    assertEquals(4, sent.size(), sent.toString());
    assertTrue(sent.contains("cv.edxml") && sent.contains("cv.edxml.receipt.txt"));
    assertTrue(sent.stream().anyMatch(n -> n.matches("cv-[0-9a-f]{8}\\.edxml\\.receipt\\.txt")));
  }

  @Test
  void outboxWaitsForFilesToSettleAndNeverTakesTemporaryNames() throws Exception {
    BridgeSite a = BridgeSite.create(NODE, organA);
    Files.writeString(
        a.config,
        Files.readString(a.config).replace("outbox.settle=0s", "outbox.settle=30s"),
        StandardCharsets.UTF_8);
    Path fresh = a.drop("dang-ghi.edxml", Documents.edoc(organA, organB));
    Files.createDirectories(a.outbox());
    Files.writeString(a.outbox().resolve("x.edxml.part"), "half");
    Files.writeString(a.outbox().resolve(".hidden.edxml"), "lock");
    try (Bridge bridge = a.open()) {
      assertEquals(0, bridge.runOnce().sent());
      assertTrue(Files.exists(fresh), "a file written just now waits for the settle time");
      Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minusSeconds(60)));
      assertEquals(1, bridge.runOnce().sent());
    }
    assertEquals(List.of(".hidden.edxml", "x.edxml.part"), a.names("outbox"));
  }

  @Test
  void aSecondBridgeOnTheSameFolderIsRefused() throws Exception {
    BridgeSite a = BridgeSite.create(NODE, organA);
    try (Bridge first = a.open()) {
      IOException e = assertThrows(IOException.class, a::open);
      assertTrue(e.getMessage().contains("another bridge"), e.getMessage());
      assertTrue(first.runOnce().nodeReachable());
    }
  }
}
