package vn.edxml.bridge;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.ClientListener;
import vn.edxml.client.EdxmlClient;
import vn.edxml.model.Organ;

/**
 * The folder bridge: connects software that can only read and write files to an interchange node.
 * Each cycle it sends the packages and status files dropped into {@code outbox/} (to {@code sent/}
 * with a receipt, or to {@code failed/} with an error report), and fetches waiting messages into
 * {@code inbox/} (documents) and {@code status/} (status packages), confirming each only once its
 * file is durably in place. Every step is journaled under {@code .bridge/}, so the bridge can be
 * killed at any moment and started again without losing or duplicating a file. See BRIDGE.md.
 *
 * <pre>{@code
 * try (Bridge bridge = Bridge.open(BridgeConfig.load(Path.of("bridge.properties")))) {
 *   bridge.run(cycle -> {});   // until stop() from another thread
 * }
 * }</pre>
 *
 * One bridge per folder: a second one on the same folder is refused (file lock).
 */
public final class Bridge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Bridge.class);

  /**
   * What one cycle did.
   *
   * @param sent files moved to sent/ with their receipt
   * @param failed files moved to failed/ with an error report
   * @param waiting files claimed from outbox/ that wait for the next cycle (node unreachable,
   *     retryable refusal)
   * @param received documents written into inbox/ and confirmed
   * @param statuses status packages written into status/ and confirmed
   * @param pending messages still waiting on the node after this cycle (at least)
   * @param morePending whether the node has more waiting messages than it listed
   * @param nodeReachable false if the node did not answer during the cycle
   * @param took how long the cycle took
   */
  public record Cycle(
      int sent,
      int failed,
      int waiting,
      int received,
      int statuses,
      int pending,
      boolean morePending,
      boolean nodeReachable,
      Duration took) {

    /** The one-line summary logged after each cycle. */
    public String line() {
      return "cycle: sent "
          + sent
          + ", failed "
          + failed
          + ", received "
          + received
          + ", statuses "
          + statuses
          + ", pending "
          + pending
          + (morePending ? "+" : "")
          + ", waiting "
          + waiting
          + (nodeReachable ? "" : ", node unreachable")
          + " ("
          + took.toMillis()
          + " ms)";
    }
  }

  private final BridgeConfig config;
  private final Layout layout;
  private final EdxmlClient client;
  private final boolean ownsClient;
  private final Outgoing outgoing;
  private final Incoming incoming;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;

  private Bridge(
      BridgeConfig config,
      EdxmlClient client,
      boolean ownsClient,
      Organ organ,
      CrashPoints crash,
      Clock clock)
      throws IOException {
    this.config = config;
    this.layout = new Layout(config.folder());
    this.client = client;
    this.ownsClient = ownsClient;
    this.clock = clock;
    layout.create();
    this.lockChannel =
        FileChannel.open(
            layout.state.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException(
          "another bridge is running on " + layout.root + " (" + layout.state + "/lock is held)");
    }
    this.lock = l;
    DocumentRecords records = new DocumentRecords(layout.documents);
    this.outgoing =
        new Outgoing(layout, client, organ, records, crash, config.outboxSettle(), clock);
    this.incoming = new Incoming(layout, client, records, crash);
  }

  /** A bridge with a client built from the configuration's client file. */
  public static Bridge open(BridgeConfig config) throws IOException {
    ClientConfig cc = ClientConfig.load(config.clientConfig());
    CrashPoints crash = CrashPoints.fromSystemProperties();
    Path tmp = new Layout(config.folder()).tmp;
    EdxmlClient client = cc.toBuilder().workDir(tmp).listener(new Listener(crash)).build();
    String name = cc.organName().isBlank() ? cc.organId() : cc.organName();
    try {
      return new Bridge(
          config, client, true, Organ.of(cc.organId(), name), crash, Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * A bridge using the caller's client (not closed by the bridge).
   *
   * @param organ the client's organ (From of the status packages the bridge builds)
   */
  public static Bridge open(BridgeConfig config, EdxmlClient client, Organ organ)
      throws IOException {
    return new Bridge(config, client, false, organ, CrashPoints.NONE, Clock.systemUTC());
  }

  /** The exchange folder. */
  public Path folder() {
    return layout.root;
  }

  /**
   * Runs one cycle: finishes what an earlier run left in flight, sends what is ready in outbox/,
   * receives what waits on the node. Problems with single files are reported in failed/ or left for
   * the next cycle; only local I/O failures throw.
   */
  public Cycle runOnce() throws IOException {
    Instant start = clock.instant();
    int sent = 0;
    int failed = 0;
    boolean nodeDown = false;
    List<Path> inFlight = outgoing.inFlight();
    for (Path dir : inFlight) {
      if (stopping || nodeDown) {
        break;
      }
      switch (outgoing.process(dir)) {
        case SENT -> sent++;
        case FAILED -> failed++;
        case NODE_DOWN -> nodeDown = true;
        case WAITING -> {}
      }
    }
    if (!nodeDown) {
      int budget = config.maxFilesPerCycle();
      for (Path file : outgoing.ready(budget)) {
        if (stopping || nodeDown) {
          break;
        }
        Path dir = outgoing.claim(file);
        if (dir == null) {
          continue;
        }
        switch (outgoing.process(dir)) {
          case SENT -> sent++;
          case FAILED -> failed++;
          case NODE_DOWN -> nodeDown = true;
          case WAITING -> {}
        }
      }
    }
    Incoming.Counts in = new Incoming.Counts(0, 0, 0, false, false);
    if (!nodeDown && !stopping) {
      if (incoming.recover()) {
        in = incoming.receive(config.maxFilesPerCycle(), () -> stopping);
      } else {
        nodeDown = true;
      }
    }
    nodeDown |= in.nodeDown();
    Cycle cycle =
        new Cycle(
            sent,
            failed,
            outgoing.inFlight().size(),
            in.documents(),
            in.statuses(),
            in.pending(),
            in.more(),
            !nodeDown,
            Duration.between(start, clock.instant()));
    log.info(cycle.line());
    return cycle;
  }

  /**
   * Runs cycles every poll interval until {@link #stop()}. A cycle that fails with a local I/O
   * error is logged and the next one tries again.
   *
   * @param afterEachCycle told about every completed cycle
   */
  public void run(Consumer<Cycle> afterEachCycle) {
    log.info(
        "bridge on {} for organ {}, every {} s",
        layout.root,
        client.organ(),
        config.pollInterval().toSeconds());
    try {
      while (!stopping) {
        try {
          afterEachCycle.accept(runOnce());
        } catch (IOException e) {
          log.error("cycle failed, next cycle tries again: {}", e.toString());
        }
        if (stopped.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("bridge stopped");
  }

  /**
   * Asks {@link #run} to return after the step in progress. Safe from any thread (e.g. a shutdown
   * hook); stopping at any point is safe anyway.
   */
  public void stop() {
    stopping = true;
    stopped.countDown();
  }

  @Override
  public void close() {
    stop();
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.debug("releasing the folder lock: {}", e.toString());
    }
    if (ownsClient) {
      client.close();
    }
  }

  /** Logs the client's retries; feeds the crash-point hook with transfer progress. */
  private static final class Listener implements ClientListener {
    private final CrashPoints crash;

    Listener(CrashPoints crash) {
      this.crash = crash;
    }

    @Override
    public void uploaded(String messageId, long bytes, long total) {
      crash.reach(CrashPoints.Point.OUTBOX_SENDING);
    }

    @Override
    public void downloaded(String messageId, long bytes, long total) {
      crash.reach(CrashPoints.Point.INBOX_FETCHING);
    }

    @Override
    public void retrying(String operation, int attempt, String reason, long waitMillis) {
      log.info(
          "{} attempt {} failed ({}); retrying in {} ms", operation, attempt, reason, waitMillis);
    }
  }
}
