package vn.edxml.node.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The start-up sweep of orphan payloads (files published for a message whose row was never
 * committed, e.g. after a crash, and temporary files), on a thread of its own while the node
 * already serves.
 *
 * <p>It reads every message's payload digest into a {@link DigestFilter} (2 to 4 bytes per message,
 * where a set of strings took ~150; 4 MiB at 1,000,000 messages) and then lets the payload store
 * remove the files older than {@code olderThan} that the filter does not hold. Before, the node did
 * this before serving with a set of every digest: about 10 s and ~150 MB of heap at 1,000,000
 * messages (bench-store), growing with the store.
 *
 * <p>{@link #close} asks it to stop (between rows of the scan and between payload folders) and
 * waits for it; no thread interruption is used, because interrupting a thread in the middle of file
 * I/O closes the database's file channel.
 */
public final class BackgroundSweep implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(BackgroundSweep.class.getName());

  private final MessageStore messages;
  private final PayloadStore payloads;
  private final Instant olderThan;
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile Outcome outcome;

  /**
   * What the sweep did.
   *
   * @param digests digests read from the store (one per message: a shared digest counts for each)
   * @param filterBytes memory of the filter
   * @param removed files removed
   * @param seconds time taken
   * @param completed false when it was stopped or failed
   * @param failure why it failed, or null
   */
  public record Outcome(
      long digests,
      long filterBytes,
      int removed,
      double seconds,
      boolean completed,
      Exception failure) {}

  private BackgroundSweep(
      MessageStore messages, PayloadStore payloads, Instant olderThan, String name) {
    this.messages = messages;
    this.payloads = payloads;
    this.olderThan = olderThan;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /**
   * Starts sweeping files last modified before {@code olderThan}, which must be no later than the
   * moment the node began to accept messages.
   */
  public static BackgroundSweep start(
      MessageStore messages, PayloadStore payloads, Instant olderThan, String threadName) {
    BackgroundSweep sweep =
        new BackgroundSweep(
            Objects.requireNonNull(messages, "messages"),
            Objects.requireNonNull(payloads, "payloads"),
            Objects.requireNonNull(olderThan, "olderThan"),
            Objects.requireNonNull(threadName, "threadName"));
    sweep.thread.start();
    return sweep;
  }

  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped", null, false, false);
    }
  }

  private void run() {
    long t0 = System.nanoTime();
    DigestFilter filter = null;
    try {
      long expected = messages.messageCount();
      // Room for the messages stored while the scan runs; more only raises the error rate.
      filter = DigestFilter.forExpected(expected + expected / 8 + 1024);
      DigestFilter f = filter;
      messages.forEachReferencedPayload(
          digest -> {
            if (stopping) {
              throw new Stopped();
            }
            f.add(digest);
          });
      int removed = payloads.sweep(filter, olderThan, () -> stopping);
      finish(filter, removed, t0, !stopping, null);
      Outcome result = outcome;
      LOG.log(
          System.Logger.Level.INFO,
          String.format(
              java.util.Locale.ROOT,
              "payload sweep %s: %,d message digests read, %,d orphan or temporary files"
                  + " removed, %.1f s",
              result.completed() ? "done" : "stopped",
              result.digests(),
              removed,
              result.seconds()));
    } catch (Stopped e) {
      finish(filter, 0, t0, false, null);
    } catch (Exception e) {
      finish(filter, 0, t0, false, e);
      LOG.log(
          System.Logger.Level.WARNING,
          "payload sweep failed (orphan payload files are kept until the next start): " + e,
          e);
    } finally {
      done.countDown();
    }
  }

  private void finish(DigestFilter filter, int removed, long t0, boolean completed, Exception e) {
    outcome =
        new Outcome(
            filter == null ? 0 : filter.added(),
            filter == null ? 0 : filter.bytes(),
            removed,
            (System.nanoTime() - t0) / 1e9,
            completed,
            e);
  }

  /** Waits up to {@code timeout} for the sweep to end; its outcome, or null if still running. */
  public Outcome await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? outcome : null;
  }

  /** Stops the sweep at its next row or folder and waits for it (at most 30 s). */
  @Override
  public void close() {
    stopping = true;
    try {
      if (!done.await(30, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "the payload sweep did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
