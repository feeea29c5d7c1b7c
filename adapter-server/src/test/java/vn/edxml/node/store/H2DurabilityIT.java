package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.store.Fixtures.T0;
import static vn.edxml.node.store.Fixtures.edoc;
import static vn.edxml.node.store.Fixtures.organ;
import static vn.edxml.node.store.Fixtures.status;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file store keeps what it acknowledged across a restart and a killed process. */
class H2DurabilityIT {

  private static final String A = "000.00.00.G22";
  private static final String B = "000.00.00.H29";

  @TempDir Path dir;

  @Test
  void everythingIsThereAfterCloseAndReopen() {
    String url = "jdbc:h2:file:" + dir.resolve("db/edxml");
    MessageRecord stored;
    try (MessageStore store = TestDatabases.open(Engine.H2, url)) {
      store.putOrgan(organ(A, "Văn phòng Chính phủ"));
      store.addCertificate(
          new CertificateRecord(
              Fixtures.sha256("c"), A, "CN=A", "1", T0, T0.plusSeconds(3600), "pem", null));
      stored =
          ((StoreOutcome.Stored) store.store(edoc(A, "m-1", "DOC-1").to(B).traceAccepted().build()))
              .message();
      store.store(status(B, "s-1", "DOC-1", "01").to(A).statusOnce().build());
      store.confirm(B, "m-1", T0.plusSeconds(60));
    }
    assertTrue(Files.exists(dir.resolve("db/edxml.mv.db")));

    try (MessageStore store = TestDatabases.open(Engine.H2, url)) {
      assertEquals("Văn phòng Chính phủ", store.organ(A).orElseThrow().name());
      assertEquals(1, store.certificates(A).size());
      MessageRecord again = store.messageFromSender(A, "m-1").orElseThrow();
      assertEquals(stored.id(), again.id());
      assertEquals(stored.payloadSha256(), again.payloadSha256());
      assertEquals(DeliveryState.CONFIRMED, again.deliveries().get(0).state());
      assertTrue(store.statusRecorded("DOC-1", B, "01"));
      assertEquals(2, store.traces("DOC-1").size());
      assertEquals(
          List.of("s-1"),
          store.pending(A, null, 10).stream().map(PendingRecord::messageId).toList());
      assertTrue(
          store.store(edoc(A, "m-1", "DOC-1").to(B).build()) instanceof StoreOutcome.Duplicate);
    }
  }

  /**
   * A child JVM acknowledges messages and is halted right after the last acknowledgement; every
   * acknowledged message (row and payload file) must be there when the store is reopened.
   */
  @Test
  void acknowledgedWritesSurviveAKilledProcess() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db/edxml");
    Path payloadRoot = dir.resolve("files");
    int count = 40;
    List<Integer> acked = runChild(url, payloadRoot, count, true);
    assertEquals(count, acked.size());

    try (MessageStore store = TestDatabases.open(Engine.H2, url)) {
      PayloadStore payloads = Stores.payloadStore(payloadRoot);
      for (int i : acked) {
        MessageRecord m =
            store
                .messageFromSender(A, "kill-" + i)
                .orElseThrow(() -> new AssertionError("lost an acknowledged message"));
        try (InputStream in = payloads.open(m.payloadSha256())) {
          assertEquals("package " + i, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      assertEquals(count, store.stats().messages());
      // nothing was left half-written: the sweep finds no orphans and no temp files
      assertEquals(0, payloads.sweep(store.referencedPayloads()));
      assertEquals(Set.of(), Set.copyOf(listFiles(payloadRoot.resolve("tmp"))));
    }
  }

  private static List<Path> listFiles(Path folder) throws java.io.IOException {
    try (var s = Files.list(folder)) {
      return s.toList();
    }
  }

  private List<Integer> runChild(String url, Path payloads, int count, boolean sync)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-Xmx128m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp",
                System.getProperty("java.class.path"),
                H2KillChild.class.getName(),
                url,
                payloads.toString(),
                Integer.toString(count),
                Boolean.toString(sync))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    List<Integer> acked = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(Integer.parseInt(line.substring(4)));
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
    assertEquals(137, p.exitValue(), "child must die by halt after its last acknowledgement");
    return acked;
  }
}
