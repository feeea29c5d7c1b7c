package vn.edxml.client;

import java.time.Duration;

/**
 * How often and how patiently the client retries a call that got no answer, or a retryable
 * rejection. Retrying is always safe: a send is retried with the same message id, which the node
 * stores at most once; the other calls change nothing or are idempotent.
 *
 * @param maxAttempts total attempts, at least 1
 * @param initialBackoff wait before the second attempt; doubled each time
 * @param maxBackoff upper bound of one wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** No retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  /** 4 attempts, 500 ms doubling to at most 8 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
  }

  Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
