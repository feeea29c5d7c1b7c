package vn.edxml.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the libraries' INFO chatter (CXF creating services, Ehcache caches, WSS4J's subject-DN
 * notice) off a command-line user's terminal: the commands report every problem themselves. Set
 * only by {@link EdxmlCli#main}, never when the classes are used as a library.
 */
final class CliLogging {

  /** Held: java.util.logging keeps loggers weakly, and a level set on a collected one is lost. */
  private static final List<Logger> HELD =
      List.of(
          Logger.getLogger("org.apache.cxf"),
          Logger.getLogger("org.ehcache"),
          Logger.getLogger("org.apache.wss4j"),
          Logger.getLogger("org.apache.xml.security"),
          // Warns on every verified answer; the client pins the node's certificate instead.
          Logger.getLogger("org.apache.wss4j.common.crypto.CryptoBase"));

  private CliLogging() {}

  static void quiet() {
    // CXF logs every failed call ("has thrown exception, unwinding now") with a stack trace at
    // WARNING; the command prints the same failure once, with what to do.
    for (Logger logger : HELD) {
      logger.setLevel(Level.SEVERE);
    }
  }
}
