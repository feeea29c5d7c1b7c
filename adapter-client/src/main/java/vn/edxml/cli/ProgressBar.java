package vn.edxml.cli;

import java.io.PrintWriter;
import java.util.Locale;
import vn.edxml.client.ClientListener;

/**
 * Progress of uploads and downloads over 1 MB as a bar on standard error, redrawn in place, when
 * standard error is a terminal; retries as notes. Silent for scripts ({@code --json}).
 */
final class ProgressBar implements ClientListener {

  static final long THRESHOLD = 1L << 20;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final Output output;
  private final boolean bars;
  private String current;
  private int lastPercent = -1;
  private long lastDrawn;

  ProgressBar(PrintWriter err, Output output, boolean terminal) {
    this.err = err;
    this.output = output;
    this.bars = terminal && !output.json();
  }

  /** Whether the JVM's console (and so, usually, standard error) is a terminal. */
  static boolean terminal() {
    return System.console() != null;
  }

  @Override
  public void uploaded(String messageId, long bytes, long total) {
    draw(output.t("sending  ", "đang gửi "), messageId, bytes, total);
  }

  @Override
  public void downloaded(String messageId, long bytes, long total) {
    draw(output.t("fetching ", "đang nhận"), messageId, bytes, total);
  }

  @Override
  public void retrying(String operation, int attempt, String reason, long waitMillis) {
    end();
    output.note(
        output.t(
            String.format(
                Locale.ROOT,
                "no answer to %s (%s); trying again in %.1f s (attempt %d)",
                operation,
                reason,
                waitMillis / 1000.0,
                attempt + 1),
            String.format(
                Locale.ROOT,
                "chưa có trả lời cho %s (%s); thử lại sau %.1f giây (lần %d)",
                operation,
                reason,
                waitMillis / 1000.0,
                attempt + 1)));
  }

  private synchronized void draw(String verb, String messageId, long bytes, long total) {
    if (!bars || total < THRESHOLD) {
      return;
    }
    if (!messageId.equals(current)) {
      end();
      current = messageId;
    }
    int percent = (int) Math.min(100, bytes * 100 / Math.max(1, total));
    long now = System.nanoTime();
    if (percent == lastPercent || (percent < 100 && now - lastDrawn < 100_000_000L)) {
      return;
    }
    lastPercent = percent;
    lastDrawn = now;
    int filled = percent * WIDTH / 100;
    err.print(
        String.format(
            Locale.ROOT,
            "\r%s [%s%s] %3d%% %s / %s",
            verb,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            percent,
            megabytes(bytes),
            megabytes(total)));
    if (percent == 100) {
      err.println();
      current = null;
      lastPercent = -1;
    }
    err.flush();
  }

  private synchronized void end() {
    if (current != null && lastPercent >= 0 && lastPercent < 100) {
      err.println();
      err.flush();
    }
    current = null;
    lastPercent = -1;
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
