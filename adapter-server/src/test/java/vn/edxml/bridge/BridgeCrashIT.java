package vn.edxml.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.edxml.bridge.CrashPoints.Point;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.wsdl.service.PendingMessage;

/**
 * The crash-point matrix (catalogue §9 I): the bridge runs in a child JVM ({@code edxml bridge
 * --once}, the real command) and halts ({@code Runtime.halt(137)}, no shutdown hooks) just after
 * one named step; then a bridge is started again on the same folder without the hook. Afterwards:
 * exactly one copy delivered, the node stored the message once, nothing left in outbox/ or in the
 * bridge's in-flight folders, the receipt (or error report) beside the file.
 */
class BridgeCrashIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static final String A = TestNode.ORGAN_A;
  private static final String B = TestNode.ORGAN_B;

  /** Points on the way of a document from outbox/ to sent/. */
  static final List<Point> OUTBOX =
      List.of(
          Point.OUTBOX_CLAIM_DIR,
          Point.OUTBOX_CLAIMED,
          Point.OUTBOX_SENDING,
          Point.OUTBOX_SENT,
          Point.OUTBOX_REPORTED,
          Point.OUTBOX_TARGET,
          Point.OUTBOX_REPORT_MOVED,
          Point.OUTBOX_MOVED);

  /** Points on the way of a waiting message into inbox/. */
  static final List<Point> INBOX =
      List.of(
          Point.INBOX_FETCHING,
          Point.INBOX_FETCHED,
          Point.INBOX_MARKED,
          Point.INBOX_DELIVERED,
          Point.INBOX_CONFIRMED);

  @Test
  void everyCrashPointHasACase() {
    Set<Point> covered = EnumSet.noneOf(Point.class);
    covered.addAll(OUTBOX);
    covered.addAll(INBOX);
    covered.add(Point.OUTBOX_PREPARED); // statusFileSentOnce...
    covered.add(Point.OUTBOX_REJECTED); // rejectedFileReportedOnce...
    assertEquals(EnumSet.allOf(Point.class), covered);
  }

  static List<Point> outbox() {
    return OUTBOX;
  }

  static List<Point> inbox() {
    return INBOX;
  }

  @ParameterizedTest
  @MethodSource("outbox")
  void documentFromOutboxArrivesExactlyOnce(Point point) throws Exception {
    BridgeSite a = BridgeSite.create(NODE, A);
    BridgeSite b = BridgeSite.create(NODE, B);
    Edoc edoc = Documents.edoc(A, B);
    byte[] bytes = TestClient.bytes(edoc);
    a.drop("cong-van.edxml", bytes);

    crash(a, point);
    Bridge.Cycle again = a.cycle();
    assertTrue(again.nodeReachable(), again.line());

    a.assertIdle();
    assertEquals(List.of("cong-van.edxml", "cong-van.edxml.receipt.txt"), a.names("sent"));
    assertEquals(1, a.copiesOf("sent", bytes));
    assertEquals(List.of(), a.names("failed"));
    assertEquals(1, pendingFor(B, edoc.documentId()).size(), "the node stored it once");

    Bridge.Cycle received = b.cycle();
    assertEquals(1, received.received(), received.line());
    assertEquals(1, b.copiesOf("inbox", bytes));
    assertEquals(1, b.names("inbox").size());
    assertEquals(0, pendingFor(B, edoc.documentId()).size(), "confirmed");
    b.assertIdle();
  }

  @Test
  void statusFileSentOnceAfterACrashBetweenPreparingAndSending() throws Exception {
    BridgeSite b = BridgeSite.create(NODE, B);
    Edoc edoc = Documents.edoc(A, B);
    try (TestClient ac = NODE.client(A)) {
      ac.send(edoc);
    }
    b.dropText("nhan.status", "document.id=" + edoc.documentId() + "\ncode=01\n");

    crash(b, Point.OUTBOX_PREPARED);
    Bridge.Cycle again = b.cycle();
    assertTrue(again.nodeReachable(), again.line());

    // A status 01 is refused if it arrives twice (status_duplicate): so it arrived once.
    assertEquals(List.of("nhan.status", "nhan.status.receipt.txt"), b.names("sent"));
    assertEquals(List.of(), b.names("failed"));
    List<PendingMessage> statuses = pendingFor(A, edoc.documentId());
    assertEquals(1, statuses.size());
    assertEquals("01", statuses.get(0).getStatusCode());
    b.assertIdle();
  }

  @Test
  void rejectedFileReportedOnceAfterACrashBeforeTheReport() throws Exception {
    BridgeSite a = BridgeSite.create(NODE, A);
    Edoc edoc = Documents.edoc(A, B);
    try (TestClient ac = NODE.client(A)) {
      ac.send(edoc);
    }
    a.drop("trung.edxml", edoc);

    crash(a, Point.OUTBOX_REJECTED);
    a.cycle();

    assertEquals(List.of("trung.edxml", "trung.edxml.error.txt"), a.names("failed"));
    assertTrue(
        Files.readString(a.sub("failed").resolve("trung.edxml.error.txt"))
            .contains("duplicate_document"));
    assertEquals(List.of(), a.names("sent"));
    assertEquals(1, pendingFor(B, edoc.documentId()).size(), "only the first copy");
    a.assertIdle();
  }

  @ParameterizedTest
  @MethodSource("inbox")
  void receivedDocumentDeliveredExactlyOnce(Point point) throws Exception {
    BridgeSite b = BridgeSite.create(NODE, B);
    Edoc edoc = Documents.edoc(A, B);
    byte[] bytes = TestClient.bytes(edoc);
    try (TestClient ac = NODE.client(A)) {
      ac.sendDocument(
          bytes,
          ac.envelope(
              bytes, vn.edxml.schema.envelope.MessageType.EDOC, List.of(B), edoc.documentId()));
    }

    crash(b, point);
    // Where the file was already in inbox/, the legacy software may take it before the bridge
    // comes back: it must not get a second copy.
    boolean taken = false;
    if (b.names("inbox").size() == 1) {
      Path taker = Files.createDirectories(b.dir.resolve("taken"));
      String name = b.names("inbox").get(0);
      Files.move(b.sub("inbox").resolve(name), taker.resolve(name));
      taken = true;
    }
    Bridge.Cycle again = b.cycle();
    assertTrue(again.nodeReachable(), again.line());

    long copies = copies(b.sub("inbox"), bytes) + copies(b.dir.resolve("taken"), bytes);
    assertEquals(1, copies, "exactly one copy delivered");
    assertEquals(taken ? 0 : 1, b.names("inbox").size());
    assertEquals(0, pendingFor(B, edoc.documentId()).size(), "confirmed");
    b.assertIdle();
    assertEquals(0, b.cycle().received(), "nothing more to receive");
    assertEquals(taken ? 0 : 1, b.names("inbox").size());
  }

  // ------------------------------------------------------------------ helpers

  private static long copies(Path dir, byte[] bytes) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long n = 0;
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (java.util.Arrays.equals(Files.readAllBytes(p), bytes)) {
          n++;
        }
      }
    }
    return n;
  }

  private static List<PendingMessage> pendingFor(String organ, String documentId) throws Exception {
    try (TestClient c = NODE.client(organ)) {
      return c.pending().getPending().stream()
          .filter(p -> documentId.equals(p.getDocumentId()))
          .toList();
    }
  }

  /** Runs {@code edxml bridge --once} in a child JVM that halts at {@code point}. */
  private static void crash(BridgeSite site, Point point) throws Exception {
    Path log = site.dir.resolve("child-" + point.id() + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-D" + CrashPoints.PROPERTY + "=" + point.id());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("vn.edxml.cli.EdxmlCli");
    command.add("bridge");
    command.add("--config");
    command.add(site.config.toString());
    command.add("--once");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = child.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the child bridge did not end within 60 s:\n" + output);
    assertEquals(
        137, child.exitValue(), "the child did not halt at " + point.id() + ":\n" + output);
  }
}
