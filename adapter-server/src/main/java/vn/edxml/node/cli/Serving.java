package vn.edxml.node.cli;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import vn.edxml.node.Node;
import vn.edxml.node.ops.LogFormat;

/**
 * What a command does with a node once it is up. The standard keeps it serving until the JVM is
 * asked to stop (Ctrl-C, SIGTERM), then closes it gracefully; tests substitute their own.
 */
@FunctionalInterface
public interface Serving {

  /** Called with the started node; the node is the callee's to close. */
  void serve(Node node) throws InterruptedException;

  /**
   * Serves until shutdown: a JVM shutdown hook calls {@link Node#close()} (new requests refused,
   * in-flight ones finish within {@code shutdown.grace}); the calling thread waits for ever.
   */
  static Serving untilShutdown() {
    return node -> {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // java.util.logging's own shutdown hook may remove the handlers at any
                    // moment now: these two lines are written directly, in the same format.
                    log(
                        "edxml-node stopping: new requests refused, in-flight ones finish"
                            + " within shutdown.grace");
                    node.close();
                    log("edxml-node stopped: in-flight requests done");
                  },
                  "edxml-node-shutdown"));
      new CountDownLatch(1).await();
    };
  }

  private static void log(String message) {
    LogRecord r = new LogRecord(Level.INFO, message);
    r.setLoggerName(Serving.class.getName());
    System.err.print(new LogFormat().format(r));
    System.err.flush();
  }
}
