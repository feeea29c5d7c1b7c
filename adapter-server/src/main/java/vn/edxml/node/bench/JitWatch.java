package vn.edxml.node.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tells when this JVM's JIT compilers have gone quiet, from the work of the compiler threads (see
 * {@link #compiledMillis()}): a warm-up that stops after a fixed time may stop while the compilers
 * still take a core, and on two cores that core is the one the measured calls need.
 *
 * <p>Quiet means: over a whole window of {@link #WINDOW}, the compilers together worked less than
 * {@link #QUIET_SHARE} of it. Not thread-safe.
 */
public final class JitWatch {

  public static final Duration WINDOW = Duration.ofSeconds(5);
  public static final double QUIET_SHARE = 0.05;

  private final boolean supported;
  private long windowStart;
  private long compiledAtStart;
  private double lastShare = Double.NaN;

  private JitWatch(long compiled, long now) {
    this.supported = compiled >= 0;
    this.windowStart = now;
    this.compiledAtStart = compiled;
  }

  /** Starts watching now; {@link #supported()} says whether this JVM can tell at all. */
  public static JitWatch start(long nowNanos) {
    return new JitWatch(compiledMillis(), nowNanos);
  }

  public boolean supported() {
    return supported;
  }

  /**
   * Call between units of work. Closes the current window once it is {@link #WINDOW} long and
   * returns whether the compilers were quiet in it; false while a window is still open.
   */
  public boolean quiet(long nowNanos) {
    if (!supported || nowNanos - windowStart < WINDOW.toNanos()) {
      return false;
    }
    long compiled = compiledMillis();
    lastShare = shareBetween(compiledAtStart, compiled, nowNanos - windowStart);
    windowStart = nowNanos;
    compiledAtStart = compiled;
    return lastShare < QUIET_SHARE; // false for NaN: a window that cannot tell is not quiet
  }

  /**
   * The compilers' share of the last closed window (NaN before one closed, or when that window
   * could not tell: see {@link #shareBetween}).
   */
  public double lastShare() {
    return lastShare;
  }

  /**
   * The compilers' work so far in milliseconds, summed over their threads, or -1 when this JVM
   * tells nothing. On Linux it is the CPU time of the JIT compiler threads (from {@code
   * /proc/self/task}); elsewhere the compilation time the JVM reports, which is wall time: on a
   * saturated machine a compile that waits for a core counts as compiling.
   */
  public static long compiledMillis() {
    long cpu = compilerThreadsCpuMillis(Path.of("/proc/self/task"));
    if (cpu >= 0) {
      return cpu;
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /**
   * The user and system CPU time of the threads named like HotSpot's JIT compilers ("C1
   * CompilerThre…", "C2 CompilerThre…"), from each task's {@code stat} (clock ticks of 10 ms, the
   * unit Linux uses there); -1 when the folder cannot be read or holds no compiler thread.
   */
  static long compilerThreadsCpuMillis(Path tasks) {
    long ticks = 0;
    boolean found = false;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
      for (Path task : all) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
            continue;
          }
          long t = cpuTicks(Files.readString(task.resolve("stat")));
          if (t >= 0) {
            ticks += t;
            found = true;
          }
        } catch (IOException e) {
          // The thread ended while being read: its time is gone with it.
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
    return found ? ticks * 10 : -1;
  }

  /** utime + stime of one {@code /proc/.../stat} line (fields 14 and 15), or -1. */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3].
    if (f.length < 13) {
      return -1;
    }
    try {
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The share of a window (ns) taken by the compilers' work between two readings of {@link
   * #compiledMillis()}; NaN when a reading was -1, or when the sum went down: HotSpot may end a
   * compiler thread ({@code UseDynamicNumberOfCompilerThreads}) and its time then leaves the sum,
   * so the difference no longer tells how much was compiled.
   */
  public static double shareBetween(long compiledBefore, long compiledAfter, long windowNanos) {
    if (compiledBefore < 0 || compiledAfter < compiledBefore) {
      return Double.NaN;
    }
    return share(compiledAfter - compiledBefore, windowNanos);
  }

  /**
   * The compilers' work (ms, summed over their threads) as a share of a window (ns): 1.0 is one
   * core compiling the whole window.
   */
  public static double share(long compiledMillis, long windowNanos) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("window must be positive");
    }
    return compiledMillis * 1_000_000.0 / windowNanos;
  }
}
