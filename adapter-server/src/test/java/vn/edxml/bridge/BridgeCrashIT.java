package vn.edxml.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.edxml.bridge.CrashPoints.Point;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.PendingMessage;

/**
 * The crash-point matrix (catalogue §9 I): the bridge runs in a child JVM ({@code edxml bridge
 * --once}, the real command) and halts ({@code Runtime.halt(137)}, no shutdown hooks, like {@code
 * kill -9}) just after one named step; then a bridge is started again on the same folder without
 * the hook. Afterwards: exactly one copy delivered, the node stored the message once, nothing left
 * in outbox/ or in the bridge's in-flight folders, the receipt (or error report) beside the file.
 *
 * <p>Each point has its own pair of organs (so its own mailboxes), which lets the crashing children
 * run two at a time in {@link #crashEveryPointInAChildJvm()}; each test then restarts the bridge
 * in-process and checks the invariants for its point.
 */
class BridgeCrashIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @AfterAll
  static void closeClients() {
    BridgeSite.closeClients();
  }

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

  static List<Point> outbox() {
    return OUTBOX;
  }

  static List<Point> inbox() {
    return INBOX;
  }

  /** One crash: its organs and folders, the document, and how the child ended. */
  private static final class Crash {
    final Point point;
    final String sender;
    final String receiver;
    final Edoc edoc;
    final byte[] bytes;
    BridgeSite site;
    BridgeSite other;
    Integer exit;
    String output;

    Crash(Point point, int n) {
      this.point = point;
      this.sender = organ(10 + 2 * n);
      this.receiver = organ(11 + 2 * n);
      this.edoc = Documents.edoc(sender, receiver);
      this.bytes = TestClient.bytes(edoc);
    }

    /** The child halted at the point. */
    void assertHalted() {
      assertNotNull(exit, point.id() + ": the child did not end within 60 s:\n" + output);
      assertEquals(137, (int) exit, "the child did not halt at " + point.id() + ":\n" + output);
    }
  }

  private static final Map<Point, Crash> CRASHES = new EnumMap<>(Point.class);

  private static String organ(int n) {
    return String.format("000.00.%02d.H99", n);
  }

  @BeforeAll
  static void crashEveryPointInAChildJvm() throws Exception {
    int n = 0;
    for (Point point : Point.values()) {
      Crash c = new Crash(point, n++);
      for (String organ : List.of(c.sender, c.receiver)) {
        NODE.directory().putOrgan(organ, "Cơ quan " + organ, null, null);
        NODE.directory().registerCertificate(organ, NODE.pki().organ(organ).certificate());
      }
      if (OUTBOX.contains(point)) {
        c.site = BridgeSite.create(NODE, c.sender);
        c.other = BridgeSite.create(NODE, c.receiver);
        c.site.drop("cong-van.edxml", c.bytes);
      } else if (point == Point.OUTBOX_PREPARED) {
        send(c);
        c.site = BridgeSite.create(NODE, c.receiver);
        c.site.dropText("nhan.status", "document.id=" + c.edoc.documentId() + "\ncode=01\n");
      } else if (point == Point.OUTBOX_REJECTED) {
        send(c); // sent before by other means: the bridge's copy is a duplicate document
        c.site = BridgeSite.create(NODE, c.sender);
        c.site.drop("trung.edxml", c.bytes);
      } else {
        send(c);
        c.site = BridgeSite.create(NODE, c.receiver);
      }
      CRASHES.put(point, c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Crash c : CRASHES.values()) {
        runs.add(pool.submit(() -> runChild(c)));
      }
      for (Future<?> f : runs) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyCrashPointHasACase() {
    Set<Point> covered = EnumSet.noneOf(Point.class);
    covered.addAll(OUTBOX);
    covered.addAll(INBOX);
    covered.add(Point.OUTBOX_PREPARED); // statusFileSentOnce...
    covered.add(Point.OUTBOX_REJECTED); // rejectedFileReportedOnce...
    assertEquals(EnumSet.allOf(Point.class), covered);
    assertEquals(covered, CRASHES.keySet());
  }

  @ParameterizedTest
  @MethodSource("outbox")
  void documentFromOutboxArrivesExactlyOnce(Point point) throws Exception {
    Crash c = CRASHES.get(point);
    c.assertHalted();
    BridgeSite a = c.site;
    BridgeSite b = c.other;

    Bridge.Cycle again = a.cycle();
    assertTrue(again.nodeReachable(), again.line());

    a.assertIdle();
    assertEquals(List.of("cong-van.edxml", "cong-van.edxml.receipt.txt"), a.names("sent"));
    assertEquals(1, a.copiesOf("sent", c.bytes));
    assertEquals(List.of(), a.names("failed"));
    assertEquals(1, pending(c.receiver).size(), "the node stored it once");

    Bridge.Cycle received = b.cycle();
    assertEquals(1, received.received(), received.line());
    assertEquals(1, b.copiesOf("inbox", c.bytes));
    assertEquals(1, b.names("inbox").size());
    assertEquals(0, pending(c.receiver).size(), "confirmed");
    b.assertIdle();
  }

  @Test
  void statusFileSentOnceAfterACrashBetweenPreparingAndSending() throws Exception {
    Crash c = CRASHES.get(Point.OUTBOX_PREPARED);
    c.assertHalted();
    BridgeSite b = c.site;

    Bridge.Cycle again = b.cycle();
    assertTrue(again.nodeReachable(), again.line());

    // A status 01 arriving twice would be refused (status_duplicate) and go to failed/.
    assertEquals(List.of("nhan.status", "nhan.status.receipt.txt"), b.names("sent"));
    assertEquals(List.of(), b.names("failed"));
    List<PendingMessage> statuses = pending(c.sender);
    assertEquals(1, statuses.size(), "one status package for the issuer");
    assertEquals("01", statuses.get(0).getStatusCode());
    b.assertIdle();
  }

  @Test
  void rejectedFileReportedOnceAfterACrashBeforeTheReport() throws Exception {
    Crash c = CRASHES.get(Point.OUTBOX_REJECTED);
    c.assertHalted();
    BridgeSite a = c.site;

    a.cycle();

    assertEquals(List.of("trung.edxml", "trung.edxml.error.txt"), a.names("failed"));
    assertTrue(
        Files.readString(a.sub("failed").resolve("trung.edxml.error.txt"))
            .contains("duplicate_document"));
    assertEquals(List.of(), a.names("sent"));
    assertEquals(1, pending(c.receiver).size(), "only the first copy");
    a.assertIdle();
  }

  @ParameterizedTest
  @MethodSource("inbox")
  void receivedDocumentDeliveredExactlyOnce(Point point) throws Exception {
    Crash c = CRASHES.get(point);
    c.assertHalted();
    BridgeSite b = c.site;
    // Where the file was already in inbox/, the legacy software may take it before the bridge
    // comes back: it must not get a second copy.
    Path taken = b.dir.resolve("taken");
    Files.createDirectories(taken);
    for (String name : b.names("inbox")) {
      Files.move(b.sub("inbox").resolve(name), taken.resolve(name));
    }
    boolean wasDelivered = copies(taken, c.bytes) == 1;
    assertEquals(
        point == Point.INBOX_DELIVERED || point == Point.INBOX_CONFIRMED,
        wasDelivered,
        "in inbox/ at the crash");

    Bridge.Cycle again = b.cycle();
    assertTrue(again.nodeReachable(), again.line());

    assertEquals(1, copies(b.sub("inbox"), c.bytes) + copies(taken, c.bytes), "one copy");
    assertEquals(wasDelivered ? 0 : 1, b.names("inbox").size());
    assertEquals(0, pending(c.receiver).size(), "confirmed");
    b.assertIdle();
    assertEquals(0, b.cycle().received(), "nothing more to receive");
    assertEquals(wasDelivered ? 0 : 1, b.names("inbox").size());
  }

  // ------------------------------------------------------------------ helpers

  private static void send(Crash c) throws Exception {
    try (TestClient client = NODE.client(c.sender)) {
      client.sendDocument(
          c.bytes,
          client.envelope(c.bytes, MessageType.EDOC, List.of(c.receiver), c.edoc.documentId()));
    }
  }

  private static long copies(Path dir, byte[] bytes) throws IOException {
    long n = 0;
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Arrays.equals(Files.readAllBytes(p), bytes)) {
          n++;
        }
      }
    }
    return n;
  }

  private static List<PendingMessage> pending(String organ) throws Exception {
    try (TestClient c = NODE.client(organ)) {
      return c.pending().getPending();
    }
  }

  /** Runs {@code edxml bridge --once} in a child JVM that halts at the crash's point. */
  private static Void runChild(Crash c) throws IOException, InterruptedException {
    Path log = c.site.dir.resolve("child-" + c.point.id() + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-D" + CrashPoints.PROPERTY + "=" + c.point.id());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("vn.edxml.cli.EdxmlCli");
    command.add("bridge");
    command.add("--config");
    command.add(c.site.config.toString());
    command.add("--once");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (child.waitFor(60, TimeUnit.SECONDS)) {
      c.exit = child.exitValue();
    } else {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    c.output = Files.readString(log, StandardCharsets.UTF_8);
    return null;
  }
}
