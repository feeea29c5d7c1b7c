package vn.edxml.node.bench.store;

import java.util.Arrays;
import java.util.List;
import vn.edxml.client.internal.Json;

/**
 * Latency samples of one measurement, in nanoseconds, at most {@code capacity} of them. Not
 * thread-safe: give each thread its own and {@link #merge} them.
 */
public final class Latencies {

  private final long[] samples;
  private int count;

  Latencies(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    samples = new long[capacity];
  }

  /** Adds a sample; false (and nothing added) when full. */
  boolean add(long nanos) {
    if (count == samples.length) {
      return false;
    }
    samples[count++] = nanos;
    return true;
  }

  int count() {
    return count;
  }

  static Latencies merge(List<Latencies> parts) {
    int total = 0;
    for (Latencies p : parts) {
      total += p.count;
    }
    Latencies all = new Latencies(Math.max(1, total));
    for (Latencies p : parts) {
      System.arraycopy(p.samples, 0, all.samples, all.count, p.count);
      all.count += p.count;
    }
    return all;
  }

  /** Percentiles by nearest rank; all zero without samples. */
  Summary summary() {
    return summary(0, count);
  }

  /**
   * The summary of the samples added {@code from} (inclusive) {@code to} (exclusive), in the order
   * they were added: e.g. the first and the last tenth of a run, to see whether it was steady.
   */
  Summary summary(int from, int to) {
    if (from < 0 || to > count || from > to) {
      throw new IllegalArgumentException(from + ".." + to + " of " + count + " samples");
    }
    if (from == to) {
      return new Summary(0, 0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOfRange(samples, from, to);
    Arrays.sort(sorted);
    double sum = 0;
    for (long s : sorted) {
      sum += s;
    }
    return new Summary(
        sorted.length,
        millis(sum / sorted.length),
        millis(rank(sorted, 50)),
        millis(rank(sorted, 95)),
        millis(rank(sorted, 99)),
        millis(sorted[sorted.length - 1]));
  }

  private static long rank(long[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(double nanos) {
    return nanos / 1_000_000.0;
  }

  /** Count, mean and percentiles in milliseconds. */
  public record Summary(
      int count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    Json json() {
      return Json.object()
          .put("count", count)
          .put("meanMs", meanMs)
          .put("p50Ms", p50Ms)
          .put("p95Ms", p95Ms)
          .put("p99Ms", p99Ms)
          .put("maxMs", maxMs);
    }
  }
}
