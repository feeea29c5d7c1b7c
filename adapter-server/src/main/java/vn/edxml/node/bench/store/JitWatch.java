package vn.edxml.node.bench.store;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Tells when this JVM's JIT compilers have gone quiet, from the compilation time the JVM reports: a
 * warm-up that stops after a fixed time may stop while the compilers still take a core, and on two
 * cores that core is the one the measured calls need.
 *
 * <p>Quiet means: over a whole window of {@link #WINDOW}, the compilers together spent less than
 * {@link #QUIET_SHARE} of it compiling. Not thread-safe.
 */
final class JitWatch {

  static final Duration WINDOW = Duration.ofSeconds(5);
  static final double QUIET_SHARE = 0.05;

  private final CompilationMXBean jit;
  private long windowStart;
  private long compiledAtStart;
  private double lastShare = Double.NaN;

  private JitWatch(CompilationMXBean jit, long now) {
    this.jit = jit;
    this.windowStart = now;
    this.compiledAtStart = jit == null ? 0 : jit.getTotalCompilationTime();
  }

  /** Starts watching now; {@link #supported()} says whether this JVM can tell at all. */
  static JitWatch start(long nowNanos) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean usable = jit != null && jit.isCompilationTimeMonitoringSupported();
    return new JitWatch(usable ? jit : null, nowNanos);
  }

  boolean supported() {
    return jit != null;
  }

  /**
   * Call between units of work. Closes the current window once it is {@link #WINDOW} long and
   * returns whether the compilers were quiet in it; false while a window is still open.
   */
  boolean quiet(long nowNanos) {
    if (jit == null || nowNanos - windowStart < WINDOW.toNanos()) {
      return false;
    }
    long compiled = jit.getTotalCompilationTime();
    lastShare = share(compiled - compiledAtStart, nowNanos - windowStart);
    windowStart = nowNanos;
    compiledAtStart = compiled;
    return lastShare < QUIET_SHARE;
  }

  /** The compilers' share of the last closed window (NaN before one closed). */
  double lastShare() {
    return lastShare;
  }

  /** Compiling time (ms, summed over the compiler threads) as a share of a window (ns). */
  static double share(long compiledMillis, long windowNanos) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("window must be positive");
    }
    return compiledMillis * 1_000_000.0 / windowNanos;
  }
}
