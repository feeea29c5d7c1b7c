package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.node.store.BackgroundSweep;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.wsdl.service.Receipt;

/**
 * What a crash leaves in the payload folder (a published payload whose row was never committed, a
 * half-written upload) is removed after the next start, in the background, while the stored
 * documents stay readable.
 */
class StartupSweepIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @Test
  void orphansGoAfterARestartAndStoredDocumentsStay() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    Receipt receipt;
    try (TestClient a = NODE.client(TestNode.ORGAN_A)) {
      receipt = a.send(edoc);
    }
    byte[] sent;
    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      sent = b.fetch(receipt.getMessageId());
    }
    NODE.stop();
    java.util.List<Path> storedPayloads;
    try (var files = Files.walk(NODE.dataDir().resolve("payloads"))) {
      storedPayloads = files.filter(Files::isRegularFile).toList();
    }
    Instant beforeTheCrash = Instant.now().minus(Duration.ofMinutes(10));
    String orphanDigest = "ab" + "0123456789abcdef".repeat(3) + "0123456789abcd";
    Path orphan = NODE.dataDir().resolve("payloads/ab/01/" + orphanDigest);
    Files.createDirectories(orphan.getParent());
    Files.writeString(orphan, "published, row never committed", StandardCharsets.UTF_8);
    Path upload = NODE.dataDir().resolve("tmp/in-crashed.part");
    Files.writeString(upload, "half an upload", StandardCharsets.UTF_8);
    assertEquals(1, storedPayloads.size(), "the document's payload: " + storedPayloads);
    Path stored = storedPayloads.get(0);
    for (Path p : new Path[] {orphan, upload, stored}) {
      Files.setLastModifiedTime(p, FileTime.from(beforeTheCrash));
    }

    NODE.startAgain();
    BackgroundSweep.Outcome outcome = NODE.node().payloadSweep().await(Duration.ofSeconds(60));

    assertNotNull(outcome, "the sweep did not end within 60 s");
    assertNull(outcome.failure());
    assertTrue(outcome.completed());
    assertEquals(2, outcome.removed(), "the orphan and the half upload");
    assertTrue(outcome.digests() >= 1, "the stored message's digest was read");
    assertFalse(Files.exists(orphan));
    assertFalse(Files.exists(upload));
    assertTrue(Files.isRegularFile(stored));
    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      assertArrayEquals(sent, b.fetch(receipt.getMessageId()));
    }
  }
}
