package vn.edxml.node.forward;

import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker of one peer: after {@code threshold} consecutive failed forwards it opens for
 * {@code openFor}; nothing is sent to that peer meanwhile (its forwards wait without using up
 * attempts). Then one trial forward goes out (half-open): success closes the breaker, failure opens
 * it again. Other peers are never affected: each has its own breaker and its own worker.
 */
final class Breaker {

  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Duration openFor;
  private int failures;
  private Instant openUntil;

  Breaker(int threshold, Duration openFor) {
    this.threshold = threshold;
    this.openFor = openFor;
  }

  /** True when a forward may go out now (closed, or an open breaker's trial is due). */
  synchronized boolean allows(Instant now) {
    return openUntil == null || !now.isBefore(openUntil);
  }

  synchronized State state(Instant now) {
    if (openUntil == null) {
      return State.CLOSED;
    }
    return now.isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
  }

  /** The peer answered. */
  synchronized void success() {
    failures = 0;
    openUntil = null;
  }

  /** The peer did not answer usefully; returns true when this opened the breaker. */
  synchronized boolean failure(Instant now) {
    failures++;
    boolean trial = openUntil != null;
    if (trial || failures >= threshold) {
      openUntil = now.plus(openFor);
      return true;
    }
    return false;
  }
}
