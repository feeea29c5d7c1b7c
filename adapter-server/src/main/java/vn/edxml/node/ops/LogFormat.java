package vn.edxml.node.ops;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Structured logs: one line per event, {@code ts=… level=… logger=… msg="…"}; the node's own
 * messages carry {@code key=value} fields such as {@code cid=} (the correlation id every fault
 * returns). Stack traces are indented under the line that caused them.
 */
public final class LogFormat extends Formatter {

  /** JUL keeps loggers weakly: hold the configured ones, or their levels vanish with a GC. */
  private static final java.util.List<Logger> CONFIGURED =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public String format(LogRecord record) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("ts=").append(Instant.ofEpochMilli(record.getMillis()));
    sb.append(" level=").append(record.getLevel().getName());
    String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
    sb.append(" logger=").append(logger.substring(logger.lastIndexOf('.') + 1));
    sb.append(" msg=\"").append(escape(formatMessage(record))).append('"');
    sb.append(System.lineSeparator());
    if (record.getThrown() != null) {
      appendTrace(sb, record.getThrown());
    }
    return sb.toString();
  }

  /** The exception and its causes, one frame per line, indented under the log line. */
  private static void appendTrace(StringBuilder sb, Throwable thrown) {
    String nl = System.lineSeparator();
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    String prefix = "    ";
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      sb.append(prefix).append(t).append(nl);
      for (StackTraceElement frame : t.getStackTrace()) {
        sb.append("        at ").append(frame).append(nl);
      }
      prefix = "    Caused by: ";
    }
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Sends all logging to standard error in this format; quiets chatty libraries. */
  public static void install(Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new ConsoleHandler();
    handler.setFormatter(new LogFormat());
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(level);
    for (String name :
        java.util.List.of(
            "org.apache.cxf",
            "org.eclipse.jetty",
            "org.apache.wss4j",
            "org.apache.xml.security",
            "com.zaxxer.hikari")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      CONFIGURED.add(logger);
    }
  }
}
