package vn.edxml.node.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static vn.edxml.node.federation.FourNodes.HUB41;
import static vn.edxml.node.federation.FourNodes.HUB44;
import static vn.edxml.node.federation.FourNodes.NATIONAL;
import static vn.edxml.node.federation.FourNodes.X;
import static vn.edxml.node.federation.FourNodes.XA;
import static vn.edxml.node.federation.FourNodes.Y;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.FetchedMessage;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.Rejection;
import vn.edxml.client.RetryPolicy;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.TraceEvent;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.federation.demo.FederationDemo;
import vn.edxml.node.testing.Documents;

/**
 * Hard kills across four node processes: the topology of {@code samples/federation/run.sh} (commune
 * {@code xa.H41.01} → {@code hub.H41} → {@code hub.national} → {@code hub.H44}), every node a
 * separate JVM started with {@code NodeMain --config}. While the commune organ streams documents to
 * the other province's organ (each unacknowledged send retried with the same message id) and that
 * organ answers some of them with status 01 as they arrive, each node in turn — {@code hub.H41},
 * {@code hub.national}, {@code hub.H44}, then {@code xa.H41.01}, two rounds — is killed with
 * SIGKILL ({@link Process#destroyForcibly()}, no graceful shutdown: no claims given back, nothing
 * flushed beyond what each commit made durable) right after a document of its chunk was
 * acknowledged, stays down while two more documents are sent, and is started again on the same
 * folder and port. The sender's and the receiver's and the sender's clients retry nothing
 * themselves; the test does, boundedly.
 *
 * <p>Afterwards (every wait bounded):
 *
 * <ul>
 *   <li>every document was acknowledged, and the receiver's mailbox lists each exactly once and
 *       nothing else; each fetches byte for byte as sent, with the hop trace xa → H41 → national →
 *       H44;
 *   <li>every status 01 the receiver sent is in the sender's mailbox exactly once, and nothing
 *       else;
 *   <li>each node stores exactly the documents and statuses sent ({@code edxml_store_messages});
 *   <li>every timeline is complete, as defined by {@link #timelineProblems}.
 * </ul>
 */
class HardKillIT {

  /** The node folders made by {@code demo-federation setup}, in path order. */
  private static final List<String> FOLDERS = List.of("xa", "hub41", "national", "hub44");

  /** The path a document takes, and its forwarding nodes. */
  private static final List<String> PATH = List.of(XA, HUB41, NATIONAL, HUB44);

  /**
   * Killed in this order: the middle nodes first, then the far node, then the origin; twice, the
   * second round closer to the acknowledgement (while the document just stored is being forwarded),
   * the first a little later (while the rest of the chunk is on its way).
   */
  private static final List<String> VICTIMS =
      List.of("hub41", "national", "hub44", "xa", "hub41", "national", "hub44", "xa");

  /** Documents released per kill cycle before the kill, and while the victim is down. */
  private static final int BEFORE_KILL = 3;

  private static final int WHILE_DOWN = 2;
  private static final int TAIL = 2;
  private static final int DOCUMENTS = VICTIMS.size() * (BEFORE_KILL + WHILE_DOWN) + TAIL;

  /** Every third document (starting with the second) is answered with status 01. */
  private static boolean answered(int i) {
    return i % 3 == 1;
  }

  private static final Duration NODE_START = Duration.ofSeconds(60);
  private static final Duration SEND_LIMIT = Duration.ofSeconds(60);
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);

  /**
   * CXF logs every client call that meets a killed node with a stack trace (WARNING); they are
   * expected here by the dozen, so they are kept out of the build output while this class runs.
   */
  private static final java.util.logging.Logger CXF_CHAIN =
      java.util.logging.Logger.getLogger("org.apache.cxf.phase.PhaseInterceptorChain");

  private java.util.logging.Level cxfLevel;

  private final Map<String, Child> nodes = new LinkedHashMap<>();
  private final List<EdxmlClient> clients = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @org.junit.jupiter.api.BeforeEach
  void quietCxf() {
    cxfLevel = CXF_CHAIN.getLevel();
    CXF_CHAIN.setLevel(java.util.logging.Level.SEVERE);
  }

  @AfterEach
  void killEverything() throws InterruptedException {
    CXF_CHAIN.setLevel(cxfLevel);
    for (Thread t : threads) {
      t.interrupt();
      t.join(10_000);
    }
    for (EdxmlClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing a client must not keep a node process alive
      }
    }
    for (Child c : nodes.values()) {
      c.kill();
    }
  }

  @Test
  @Timeout(value = 270, unit = TimeUnit.SECONDS)
  void killingAnyNodeMidStreamLosesAndDuplicatesNothing() throws Exception {
    Path work =
        Path.of(System.getProperty("java.io.tmpdir")).resolve("hard-kill-" + UUID.randomUUID());
    FederationDemo.setup(work, new PrintWriter(new StringWriter()));
    for (String folder : FOLDERS) {
      Path config = work.resolve(folder).resolve("node.properties");
      // Enough attempts that a node down for a restart never turns a forward into a dead letter
      // (a dead letter would show as a missing document), and quick retries towards it.
      Files.writeString(
          config,
          "forward.max-attempts=100\nforward.timeout=10s\nforward.lease=30s\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      nodes.put(folder, new Child(folder, config, work.resolve(folder + ".log")));
    }
    for (Child c : nodes.values()) {
      c.launch();
    }
    for (Child c : nodes.values()) {
      if (!c.awaitReady(NODE_START)) {
        c.start(NODE_START); // one more bounded try (e.g. a port taken meanwhile)
      }
    }

    EdxmlClient x = client(work, "xa");
    EdxmlClient y = client(work, "hub44");
    Path out = Files.createDirectories(work.resolve("sent"));

    Sender sender = new Sender(x, out);
    Receiver receiver = new Receiver(y, out, sender);
    Thread senderThread = thread("hard-kill-sender", sender);
    Thread receiverThread = thread("hard-kill-receiver", receiver);

    // The stream, with one SIGKILL per node, each right after a document of its chunk was
    // acknowledged while the rest of the chunk is being sent and forwarded.
    List<String> kills = new ArrayList<>();
    int released = 0;
    for (int k = 0; k < VICTIMS.size(); k++) {
      String victim = VICTIMS.get(k);
      sender.permits.release(BEFORE_KILL);
      released += BEFORE_KILL;
      int firstOfChunk = released - BEFORE_KILL + 1;
      await(
          "a document of the chunk before killing " + victim + " acknowledged",
          SEND_LIMIT,
          () -> sender.acked.size() >= firstOfChunk || sender.failure != null);
      assertNull(sender.failure, () -> "sender: " + sender.failure + logs());
      if (k < VICTIMS.size() / 2) {
        Thread.sleep(ThreadLocalRandom.current().nextInt(30, 250));
      } else {
        // Into the send of the chunk's next document (a send takes about 150 ms here): late
        // enough that the node may have committed it and not answered yet, which the sender's
        // retry must not turn into a second copy.
        int next = firstOfChunk; // 0-based index of the chunk's second document
        long deadline = System.nanoTime() + SEND_LIMIT.toNanos();
        while (sender.started.get(next) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        long at =
            sender.started.get(next)
                + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(60, 200));
        long wait = at - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      Child c = nodes.get(victim);
      c.kill();
      kills.add(victim + " after " + sender.acked.size() + " acknowledged");
      sender.permits.release(WHILE_DOWN);
      released += WHILE_DOWN;
      Thread.sleep(1_000);
      c.start(NODE_START);
    }
    sender.permits.release(TAIL);
    released += TAIL;
    assertEquals(DOCUMENTS, released);
    senderThread.join(SEND_LIMIT.multipliedBy(2).toMillis());
    assertNull(sender.failure, () -> "sender: " + sender.failure + logs());
    System.out.println(
        "HardKillIT kills: " + kills + "; duplicate acknowledgements: " + sender.duplicates);
    assertEquals(DOCUMENTS, sender.acked.size(), () -> "documents acknowledged" + logs());

    // Exactly once in the receiver's mailbox, nothing else.
    Map<String, byte[]> sent = sender.snapshot();
    await(
        "all " + DOCUMENTS + " documents in the far mailbox (kills: " + kills + ")",
        DELIVERY_WAIT,
        () -> pendingCounts(y, "edoc").keySet().containsAll(sent.keySet()));
    Map<String, Integer> mailbox = pendingCounts(y, "edoc");
    assertEquals(sent.keySet(), mailbox.keySet(), "the mailbox holds the documents sent, no other");
    for (String id : sent.keySet()) {
      assertEquals(1, mailbox.get(id), "document " + id + " listed once in the mailbox");
    }

    // Every status 01 back at the origin exactly once, nothing else.
    await(
        "status 01 sent for every answered document",
        DELIVERY_WAIT,
        () -> receiver.statusIds.size() == sender.answered.size() || receiver.failure != null);
    receiver.stop = true;
    receiverThread.join(SEND_LIMIT.toMillis());
    assertNull(receiver.failure, () -> "receiver: " + receiver.failure + logs());
    Map<String, String> statusIds = Map.copyOf(receiver.statusIds);
    assertEquals(sender.answered.keySet(), statusIds.keySet());
    await(
        "every status 01 in the sender's mailbox",
        DELIVERY_WAIT,
        () -> pendingCounts(x, "status").keySet().containsAll(statusIds.values()));
    Map<String, Integer> statusMailbox = pendingCounts(x, "status");
    assertEquals(
        new HashSet<>(statusIds.values()),
        statusMailbox.keySet(),
        "the sender's mailbox holds the statuses");
    for (String id : statusIds.values()) {
      assertEquals(1, statusMailbox.get(id), "status " + id + " listed once in the mailbox");
    }

    // Each node stored each message once: the documents and statuses, nothing else.
    int messages = DOCUMENTS + statusIds.size();
    for (Child c : nodes.values()) {
      await(
          "node " + c.folder + " storing " + messages + " messages",
          DELIVERY_WAIT,
          () -> c.storedMessages() == messages,
          () -> " (it stores " + c.storedMessages() + ")");
    }

    // Byte for byte, over the whole path; then confirmed.
    for (var e : sent.entrySet()) {
      ByteArrayOutputStream fetched = new ByteArrayOutputStream();
      FetchedMessage m = y.fetch(e.getKey(), fetched).value();
      assertArrayEquals(e.getValue(), fetched.toByteArray(), "package " + e.getKey());
      assertEquals(
          PATH, m.hops().stream().map(FetchedMessage.Hop::node).toList(), "hops " + e.getKey());
      assertTrue(y.confirm(e.getKey()).isAccepted(), "confirm " + e.getKey());
    }

    // Complete timelines, as the sender sees them (GetTraces joined across the four nodes).
    Map<String, List<String>> problems = new LinkedHashMap<>();
    await(
        "every timeline complete",
        DELIVERY_WAIT,
        () -> {
          problems.clear();
          for (String id : sent.keySet()) {
            Edoc edoc = sender.edocs.get(id);
            List<String> p;
            try {
              p = timelineProblems(x.traces(edoc.documentId()).value(), id, statusIds.get(id));
            } catch (RuntimeException ex) {
              p = List.of("GetTraces: " + ex);
            }
            if (!p.isEmpty()) {
              problems.put(edoc.documentId(), p);
            }
          }
          return problems.isEmpty();
        },
        () -> "; incomplete: " + problems);

    for (Child c : nodes.values()) {
      c.kill();
    }
    deleteTree(work); // kept when anything failed, with the nodes' logs
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ------------------------------------------------------------------ what "complete" means

  /**
   * What is missing or repeated in a document's timeline as GetTraces at the origin returns it
   * (empty: complete). For the recipient {@code Y}, complete means:
   *
   * <ul>
   *   <li>at each forwarding node ({@code xa.H41.01}, {@code hub.H41}, {@code hub.national})
   *       exactly one {@code accepted}, one {@code queued} and one {@code forwarded} event, and at
   *       {@code hub.H44} exactly one {@code accepted}, one {@code delivered} and one {@code
   *       confirmed}, all naming the document's message id;
   *   <li>in path order: each node accepted it no earlier than the one before, and forwarded it no
   *       earlier than the next node accepted it;
   *   <li>no {@code dead_letter} or {@code unroutable} event, and no node's part missing (a {@code
   *       failed} event saying a part of the timeline is unavailable); other {@code failed} events
   *       — forward attempts that met a killed node — are the honest record of the kills and
   *       allowed;
   *   <li>for an answered document the status 01 once, with its message id, and its way back
   *       recorded: exactly one {@code forwarded} event for the recipient {@code X} at {@code
   *       hub.H44}, {@code hub.national} and {@code hub.H41}; for the others no status at all.
   * </ul>
   */
  static List<String> timelineProblems(List<TraceEvent> events, String messageId, String status) {
    List<String> problems = new ArrayList<>();
    Map<String, List<TraceEvent>> byNodeState = new HashMap<>();
    for (TraceEvent e : events) {
      if (e.transport() == null) {
        continue;
      }
      if ("dead_letter".equals(e.transport()) || "unroutable".equals(e.transport())) {
        problems.add(e.node() + " " + e.transport() + ": " + e.detail());
      }
      if ("failed".equals(e.transport())
          && e.detail() != null
          && e.detail().contains("unavailable right now")) {
        problems.add("part missing: " + e.detail());
      }
      byNodeState
          .computeIfAbsent(
              e.recipient() + "|" + e.node() + "|" + e.transport(), k -> new ArrayList<>())
          .add(e);
    }
    Map<String, Instant> accepted = new HashMap<>();
    Map<String, Instant> forwarded = new HashMap<>();
    for (String node : PATH) {
      List<String> states =
          HUB44.equals(node)
              ? List.of("accepted", "delivered", "confirmed")
              : List.of("accepted", "queued", "forwarded");
      for (String state : states) {
        List<TraceEvent> found = byNodeState.getOrDefault(Y + "|" + node + "|" + state, List.of());
        if (found.size() != 1) {
          problems.add(node + " " + state + " " + found.size() + " times");
          continue;
        }
        TraceEvent e = found.get(0);
        if (!messageId.equals(e.messageId())) {
          problems.add(node + " " + state + " names message " + e.messageId());
        }
        if ("accepted".equals(state)) {
          accepted.put(node, e.at());
        } else if ("forwarded".equals(state)) {
          forwarded.put(node, e.at());
        }
      }
    }
    for (int i = 0; i + 1 < PATH.size(); i++) {
      Instant here = accepted.get(PATH.get(i));
      Instant next = accepted.get(PATH.get(i + 1));
      Instant out = forwarded.get(PATH.get(i));
      if (here != null && next != null && next.isBefore(here)) {
        problems.add(PATH.get(i + 1) + " accepted before " + PATH.get(i));
      }
      if (next != null && out != null && out.isBefore(next)) {
        problems.add(PATH.get(i) + " forwarded before " + PATH.get(i + 1) + " accepted");
      }
    }
    List<TraceEvent> statuses = events.stream().filter(e -> e.statusCode() != null).toList();
    if (status == null) {
      if (!statuses.isEmpty()) {
        problems.add("unexpected statuses " + statuses);
      }
    } else {
      if (statuses.size() != 1
          || !"01".equals(statuses.get(0).statusCode())
          || !status.equals(statuses.get(0).messageId())) {
        problems.add("status 01 (" + status + ") expected once, got " + statuses);
      }
      for (String node : List.of(HUB44, NATIONAL, HUB41)) {
        long n =
            byNodeState.getOrDefault(X + "|" + node + "|forwarded", List.of()).stream()
                .filter(e -> status.equals(e.messageId()))
                .count();
        if (n != 1) {
          problems.add("status forwarded by " + node + " " + n + " times");
        }
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ traffic

  /** Sends the documents, one per permit, each retried with its own message id until acked. */
  private static final class Sender implements Runnable {
    final Semaphore permits = new Semaphore(0);
    final EdxmlClient client;
    final Path folder;

    /** Message id → package bytes, in acknowledgement order. */
    final Map<String, byte[]> acked = new ConcurrentHashMap<>();

    final Map<String, Edoc> edocs = new ConcurrentHashMap<>();

    /** The documents to answer with status 01, by message id. */
    final Map<String, Edoc> answered = new ConcurrentHashMap<>();

    /** Acknowledgements that said "duplicate": a retry after the node had stored the first try. */
    final java.util.concurrent.atomic.AtomicInteger duplicates =
        new java.util.concurrent.atomic.AtomicInteger();

    volatile Throwable failure;

    /** Per document, {@link System#nanoTime()} when its first send started (0: not yet). */
    final java.util.concurrent.atomic.AtomicLongArray started =
        new java.util.concurrent.atomic.AtomicLongArray(DOCUMENTS);

    Sender(EdxmlClient client, Path folder) {
      this.client = client;
      this.folder = folder;
    }

    Map<String, byte[]> snapshot() {
      return Map.copyOf(acked);
    }

    @Override
    public void run() {
      try {
        for (int i = 0; i < DOCUMENTS; i++) {
          if (!permits.tryAcquire(SEND_LIMIT.toSeconds() * 3, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no permit for document " + i);
          }
          Edoc edoc = Documents.edoc(X, Y);
          String id = "hard-kill-" + i + "-" + UUID.randomUUID();
          byte[] bytes = bytes(edoc);
          Path file = folder.resolve(id + ".edxml");
          Files.write(file, bytes);
          edocs.put(id, edoc);
          if (answered(i)) {
            answered.put(id, edoc);
          }
          started.set(i, System.nanoTime());
          SendReceipt r = sendUntilAcked(client, file, id);
          if (r.recipients().size() != 1
              || r.recipients().get(0).routing() != SendReceipt.Routing.QUEUED
              || !HUB41.equals(r.recipients().get(0).nextNode())) {
            throw new IllegalStateException("receipt of " + id + ": " + r);
          }
          if (r.duplicate()) {
            duplicates.incrementAndGet();
          }
          acked.put(id, bytes);
        }
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  /** Answers the documents chosen by the sender with status 01 as soon as they arrive. */
  private static final class Receiver implements Runnable {
    final EdxmlClient client;
    final Path folder;
    final Sender sender;

    /** Document message id → status message id, once the status was acknowledged. */
    final Map<String, String> statusIds = new ConcurrentHashMap<>();

    volatile boolean stop;
    volatile Throwable failure;

    Receiver(EdxmlClient client, Path folder, Sender sender) {
      this.client = client;
      this.folder = folder;
      this.sender = sender;
    }

    @Override
    public void run() {
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      try {
        while (!stop && System.nanoTime() < deadline) {
          Map<String, Integer> pending = pendingCounts(client, "edoc");
          for (String docId : pending.keySet()) {
            Edoc edoc = sender.answered.get(docId);
            if (edoc == null || statusIds.containsKey(docId)) {
              continue;
            }
            Status status =
                Status.builder()
                    .from(Documents.organ(Y))
                    .responseFor(edoc)
                    .code(StatusCode.RECEIVED)
                    .build();
            String id = "status-01-" + docId;
            Path file = folder.resolve(id + ".edxml");
            Files.write(file, bytes(status));
            sendUntilAcked(client, file, id);
            statusIds.put(docId, id);
          }
          Thread.sleep(300);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  /**
   * Sends until the node acknowledges, always with the same message id (bounded in attempts and
   * time). No answer or a retryable refusal (e.g. the node was killed mid-call) is retried; a
   * refusal for good fails.
   */
  static SendReceipt sendUntilAcked(EdxmlClient client, Path file, String id)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + SEND_LIMIT.toNanos();
    String last = null;
    for (int attempt = 1; attempt <= 300; attempt++) {
      try {
        Outcome<SendReceipt> o = client.send(file, id);
        if (o instanceof Outcome.Accepted<SendReceipt> a) {
          if (!id.equals(a.value().messageId())) {
            throw new IllegalStateException("receipt for " + a.value().messageId() + " not " + id);
          }
          return a.value();
        }
        Rejection r = o.rejection().orElseThrow();
        if (!r.retryable()) {
          throw new IllegalStateException(id + " refused for good: " + r);
        }
        last = r.toString();
      } catch (EdxmlClientException e) {
        if (!e.retryable()) {
          throw e;
        }
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(id + " not acknowledged within " + SEND_LIMIT + ": " + last);
  }

  /** Message id → how often the organ's mailbox lists it (empty when the node does not answer). */
  static Map<String, Integer> pendingCounts(EdxmlClient client, String type) {
    Map<String, Integer> ids = new HashMap<>();
    try {
      Outcome<Pending> o = client.pending(type, 500);
      if (!o.isAccepted()) {
        return Map.of();
      }
      for (Pending.Message m : o.value().messages()) {
        ids.merge(m.messageId(), 1, Integer::sum);
      }
    } catch (RuntimeException e) {
      return Map.of();
    }
    return ids;
  }

  private static byte[] bytes(EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toByteArray();
  }

  private EdxmlClient client(Path work, String folder) throws IOException {
    EdxmlClient c =
        ClientConfig.load(work.resolve("clients").resolve(folder + ".properties")).toBuilder()
            .retry(RetryPolicy.NONE) // the test retries itself, with the same message id
            .connectTimeout(Duration.ofSeconds(2))
            .receiveTimeout(Duration.ofSeconds(20))
            .build();
    clients.add(c);
    return c;
  }

  private Thread thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return t;
  }

  private void await(String what, Duration limit, BooleanSupplier done)
      throws InterruptedException {
    await(what, limit, done, () -> "");
  }

  private void await(
      String what, Duration limit, BooleanSupplier done, java.util.function.Supplier<String> why)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < 10_000; i++) {
      if (done.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(300);
    }
    fail("timed out after " + limit + " waiting for " + what + why.get() + logs());
  }

  /** The end of each node's log, for a failure message. */
  private String logs() {
    StringBuilder sb = new StringBuilder();
    for (Child c : nodes.values()) {
      sb.append("\n--- ").append(c.folder).append(" (").append(c.starts).append(" starts)\n");
      sb.append(c.tail(25));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ node processes

  /** Every child started; a JVM shutdown hook kills the ones still alive (no orphans). */
  private static final java.util.Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "hard-kill-children"));
  }

  /** One node as a child JVM, started and killed on the same folder and port. */
  private static final class Child {
    final String folder;
    final Path config;
    final Path log;
    Process process;
    int starts;
    private int readyBefore;

    Child(String folder, Path config, Path log) {
      this.folder = folder;
      this.config = config;
      this.log = log;
    }

    void launch() throws IOException {
      readyBefore = readyLines();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                  "-cp",
                  classpath,
                  "vn.edxml.node.NodeMain",
                  "--config",
                  config.toString())
              .directory(config.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().keySet().removeIf(k -> k.startsWith("EDXML_"));
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      process = pb.start();
      LIVE.add(process);
      starts++;
    }

    /** Whether this start logged "listening on" before the limit (false: it exited or hung). */
    boolean awaitReady(Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline) {
        if (readyLines() > readyBefore) {
          return true;
        }
        if (!process.isAlive()) {
          return false;
        }
        Thread.sleep(100);
      }
      return false;
    }

    /**
     * Starts the node, retrying (at most 5 times) when a start does not come up, e.g. because the
     * port or the database file of the killed process is not free yet.
     */
    void start(Duration limit) throws IOException, InterruptedException {
      for (int attempt = 1; attempt <= 5; attempt++) {
        launch();
        if (awaitReady(limit)) {
          return;
        }
        kill();
        Thread.sleep(1_000);
      }
      fail("node " + folder + " did not start again:\n" + tail(40));
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
      Process p = process;
      if (p == null) {
        return;
      }
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + folder + " (pid " + p.pid() + ") did not die");
      }
      LIVE.remove(p);
    }

    /** {@code edxml_store_messages} from the node's /metrics; -1 when it does not answer. */
    long storedMessages() {
      try {
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        java.net.URI uri =
            java.net.URI.create(
                "http://127.0.0.1:" + p.getProperty("http.port").strip() + "/metrics");
        java.net.http.HttpClient http =
            java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body =
            http.send(
                    java.net.http.HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
            .filter(l -> l.startsWith("edxml_store_messages "))
            .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).strip()))
            .findFirst()
            .orElse(-1);
      } catch (IOException | RuntimeException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    private int readyLines() {
      try {
        if (!Files.exists(log)) {
          return 0;
        }
        return (int)
            Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.contains("logger=Node") && l.contains(" listening on "))
                .count();
      } catch (IOException e) {
        return 0;
      }
    }

    String tail(int lines) {
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
            .collect(Collectors.joining("\n"));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }
}
