package vn.edxml.node.forward;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits {@code min(max, initial * 2^(n-1))} times a
 * random factor between 0.5 and 1 ("equal jitter"), so forwards that failed together (a hub went
 * down) do not all come back at the same instant, yet none comes back sooner than half the step.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The delay after the {@code attempts}-th failed attempt (1 = the first). */
  Duration delay(int attempts) {
    long cap = max.toMillis();
    long step = initial.toMillis();
    for (int i = 1; i < attempts && step < cap; i++) {
      step = Math.min(cap, step * 2);
    }
    step = Math.min(step, cap);
    double factor = 0.5 + 0.5 * random.nextDouble();
    return Duration.ofMillis(Math.max(1, Math.round(step * factor)));
  }
}
