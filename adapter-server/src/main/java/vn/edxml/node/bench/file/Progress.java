package vn.edxml.node.bench.file;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One progress line every two seconds while a long step runs ({@code bytes done / total, MB/s}),
 * from a daemon thread that reads a counter; the step's own thread is never slowed. Closing stops
 * the thread and prints the last line.
 */
final class Progress implements AutoCloseable {

  private static final long INTERVAL_MILLIS = 2_000;

  private final String label;
  private final long total;
  private final LongSupplier done;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final Thread thread;

  private Progress(String label, long total, LongSupplier done, PrintStream out) {
    this.label = label;
    this.total = total;
    this.done = done;
    this.out = out;
    this.thread = new Thread(this::loop, "bench-progress-" + label);
    thread.setDaemon(true);
  }

  /**
   * Starts reporting a step.
   *
   * @param total the bytes the step will handle, or -1 when unknown
   * @param done the bytes handled so far; read from another thread, so it must be thread-safe
   */
  static Progress start(String label, long total, LongSupplier done, PrintStream out) {
    Progress p = new Progress(label, total, done, out);
    p.thread.start();
    return p;
  }

  private void loop() {
    try {
      while (true) {
        TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
        print();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void print() {
    long bytes = done.getAsLong();
    double seconds = (System.nanoTime() - started) / 1e9;
    String of = total >= 0 ? String.format(Locale.ROOT, " / %.1f MB", total / 1e6) : "";
    out.printf(
        Locale.ROOT,
        "  %-8s %9.1f MB%s  %6.1f MB/s  %6.1f s%n",
        label,
        bytes / 1e6,
        of,
        seconds > 0 ? bytes / 1e6 / seconds : 0.0,
        seconds);
    out.flush();
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    print();
  }
}
