package vn.edxml.node.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one target with one thread per client session: a warm-up period whose results are thrown
 * away, then a measured period. A unit (and each operation in it) counts when it completes inside
 * the measured period; throughput is those units divided by the period's length. Latencies of the
 * measured period are kept whole (one long per unit, at most {@link #MAX_SAMPLES} per client), so
 * percentiles are exact. Progress goes to {@code progress} every few seconds.
 */
public final class LoadRun {

  /** Upper bound of measured units per client (memory bound: 8 bytes each). */
  static final int MAX_SAMPLES = 4_000_000;

  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  /** One client's unit of work: a send, or a whole cycle. */
  public interface Session extends AutoCloseable {
    /**
     * Runs one unit, timing the operations it makes through {@code ops}.
     *
     * @throws BenchError when the target refused the unit or gave no usable answer
     */
    void run(OperationTimer ops) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /** A unit that did not complete, with a stable code (the node's fault code, or our own). */
  public static final class BenchError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    public BenchError(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Times named operations inside a unit. */
  public interface OperationTimer {
    <T> T time(String operation, Step<T> step) throws Exception;
  }

  /** An operation inside a unit. */
  public interface Step<T> {
    T call() throws Exception;
  }

  /** Latency statistics, in milliseconds. */
  public record Latency(long count, double p50, double p95, double p99, double max) {
    static Latency of(long[] nanos, int n) {
      if (n == 0) {
        return new Latency(0, 0, 0, 0, 0);
      }
      long[] sorted = Arrays.copyOf(nanos, n);
      Arrays.sort(sorted);
      return new Latency(
          n, ms(at(sorted, 0.50)), ms(at(sorted, 0.95)), ms(at(sorted, 0.99)), ms(sorted[n - 1]));
    }

    private static long at(long[] sorted, double q) {
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
      return nanos / 1_000_000.0;
    }
  }

  /**
   * What a measured period gave. {@code jitShare}: the JIT compilers' work during the measured
   * period ({@link JitWatch#compiledMillis()}) as a share of it (1.0 = one core all the time; NaN
   * when the JVM does not tell, see {@link JitWatch#shareBetween}): a target measured while the
   * compilers still work is measured with less CPU.
   */
  public record Result(
      String target,
      int clients,
      double seconds,
      long units,
      double perSecond,
      Latency latency,
      Map<String, Latency> operations,
      Map<String, Long> errors,
      long warmupUnits,
      double jitShare) {}

  private LoadRun() {}

  /**
   * @param target the target's name, for progress lines and the result
   * @param sessions one per client
   */
  public static Result run(
      String target,
      List<? extends Session> sessions,
      Duration warmup,
      Duration measure,
      PrintWriter progress)
      throws InterruptedException {
    int clients = sessions.size();
    prime(target, sessions);
    Worker[] workers = new Worker[clients];
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      workers[i] = new Worker(sessions.get(i), measureFrom, end, done);
      Thread t = new Thread(workers[i], "bench-" + target + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    long lastUnits = 0;
    long lastAt = start;
    long compiledAtFrom = -1;
    long compiledAtEnd = -1;
    boolean readAtFrom = false;
    boolean readAtEnd = false;
    // Bounded: the workers stop at `end`; a unit stuck past the client's receive timeout fails.
    long hardStop = end + Duration.ofMinutes(6).toNanos();
    while (!done.await(
        nextWake(System.nanoTime(), measureFrom, end, readAtFrom, readAtEnd),
        java.util.concurrent.TimeUnit.NANOSECONDS)) {
      long now = System.nanoTime();
      if (!readAtFrom && now - measureFrom >= 0) {
        compiledAtFrom = JitWatch.compiledMillis();
        readAtFrom = true;
      }
      if (!readAtEnd && now - end >= 0) {
        compiledAtEnd = JitWatch.compiledMillis();
        readAtEnd = true;
      }
      if (now > hardStop) {
        throw new IllegalStateException(
            target + ": clients did not finish 6 minutes after the measured period");
      }
      if (now - lastAt < PROGRESS_EVERY_NANOS / 2) {
        continue; // woken to read the compilers' time; the progress line can wait
      }
      long units = 0;
      long errors = 0;
      for (Worker w : workers) {
        units += w.allUnits.get();
        errors += w.allErrors.get();
      }
      double rate = (units - lastUnits) / ((now - lastAt) / 1e9);
      String phase =
          now < measureFrom
              ? String.format(
                  "warm-up %3d/%d s", (now - start) / 1_000_000_000L, warmup.toSeconds())
              : String.format(
                  "measured %3d/%d s",
                  Math.min(measure.toSeconds(), (now - measureFrom) / 1_000_000_000L),
                  measure.toSeconds());
      progress.printf("  %-16s %s  %8.1f units/s  errors %d%n", target, phase, rate, errors);
      progress.flush();
      lastUnits = units;
      lastAt = now;
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!readAtEnd) {
      compiledAtEnd = JitWatch.compiledMillis();
    }
    long units = 0;
    long warm = 0;
    int samples = 0;
    Map<String, Long> errors = new TreeMap<>();
    Map<String, long[]> opSamples = new LinkedHashMap<>();
    Map<String, Integer> opCounts = new LinkedHashMap<>();
    for (Worker w : workers) {
      units += w.measured;
      warm += w.warmupUnits;
      samples += w.samples;
      w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    }
    long[] all = new long[samples];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.samples);
      at += w.samples;
      for (Map.Entry<String, Recorder> e : w.ops.entrySet()) {
        Recorder r = e.getValue();
        long[] merged = opSamples.getOrDefault(e.getKey(), new long[0]);
        int had = opCounts.getOrDefault(e.getKey(), 0);
        long[] grown = Arrays.copyOf(merged, had + r.n);
        System.arraycopy(r.nanos, 0, grown, had, r.n);
        opSamples.put(e.getKey(), grown);
        opCounts.put(e.getKey(), had + r.n);
      }
    }
    Map<String, Latency> operations = new LinkedHashMap<>();
    opSamples.forEach((k, v) -> operations.put(k, Latency.of(v, opCounts.get(k))));
    double seconds = measure.toNanos() / 1e9;
    return new Result(
        target,
        clients,
        seconds,
        units,
        units / seconds,
        Latency.of(all, samples),
        operations,
        errors,
        warm,
        JitWatch.shareBetween(compiledAtFrom, compiledAtEnd, measure.toNanos()));
  }

  /**
   * How long the progress loop waits: the progress interval, shortened so that it wakes when the
   * measured period starts and when it ends (the compilers' time is read at both).
   */
  static long nextWake(
      long now, long measureFrom, long end, boolean readAtFrom, boolean readAtEnd) {
    long wait = PROGRESS_EVERY_NANOS;
    if (!readAtFrom) {
      wait = Math.min(wait, Math.max(0, measureFrom - now));
    } else if (!readAtEnd) {
      wait = Math.min(wait, Math.max(0, end - now));
    }
    return Math.max(1, wait);
  }

  /**
   * Runs one unit per client before the clock starts: a target that refuses the work is reported at
   * once with its error code instead of after the whole run, and the first, slowest calls of a cold
   * JVM (class loading, connection set-up) are not part of any period.
   */
  private static void prime(String target, List<? extends Session> sessions)
      throws InterruptedException {
    OperationTimer untimed =
        new OperationTimer() {
          @Override
          public <T> T time(String operation, Step<T> step) throws Exception {
            return step.call();
          }
        };
    for (Session session : sessions) {
      try {
        session.run(untimed);
      } catch (BenchError e) {
        throw new IllegalStateException(
            target + " refused the first unit: " + e.code() + " (" + e.getMessage() + ")", e);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(target + " failed the first unit: " + e, e);
      }
    }
  }

  /** Latencies of one operation in one worker. */
  private static final class Recorder {
    long[] nanos = new long[1024];
    int n;

    void add(long v) {
      if (n == nanos.length) {
        if (n >= MAX_SAMPLES) {
          return;
        }
        nanos = Arrays.copyOf(nanos, Math.min(MAX_SAMPLES, n * 2));
      }
      nanos[n++] = v;
    }
  }

  private static final class Worker implements Runnable, OperationTimer {
    private final Session session;
    private final long measureFrom;
    private final long end;
    private final CountDownLatch done;
    final AtomicLong allUnits = new AtomicLong();
    final AtomicLong allErrors = new AtomicLong();
    final Map<String, Long> errors = new TreeMap<>();
    final Map<String, Recorder> ops = new LinkedHashMap<>();
    long[] latencies = new long[1024];
    int samples;
    long measured;
    long warmupUnits;

    Worker(Session session, long measureFrom, long end, CountDownLatch done) {
      this.session = session;
      this.measureFrom = measureFrom;
      this.end = end;
      this.done = done;
    }

    @Override
    public void run() {
      try {
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
          long t0 = System.nanoTime();
          String failure = null;
          try {
            session.run(this);
          } catch (BenchError e) {
            failure = e.code();
          } catch (Exception e) {
            failure = "client_error:" + e.getClass().getSimpleName();
          }
          long finished = System.nanoTime();
          long took = finished - t0;
          allUnits.incrementAndGet();
          boolean counted = inWindow(finished);
          if (failure != null) {
            allErrors.incrementAndGet();
            if (counted) {
              errors.merge(failure, 1L, Long::sum);
            }
          } else if (counted) {
            measured++;
            if (samples == latencies.length && samples < MAX_SAMPLES) {
              latencies = Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, samples * 2));
            }
            if (samples < latencies.length) {
              latencies[samples++] = took;
            }
          } else if (finished < measureFrom) {
            warmupUnits++;
          }
        }
      } finally {
        done.countDown();
      }
    }

    @Override
    public <T> T time(String operation, Step<T> step) throws Exception {
      long t0 = System.nanoTime();
      T value = step.call();
      long finished = System.nanoTime();
      if (inWindow(finished)) {
        ops.computeIfAbsent(operation, k -> new Recorder()).add(finished - t0);
      }
      return value;
    }

    /** A unit or operation counts when it completes inside the measured period. */
    private boolean inWindow(long finished) {
      return finished >= measureFrom && finished <= end;
    }
  }
}
