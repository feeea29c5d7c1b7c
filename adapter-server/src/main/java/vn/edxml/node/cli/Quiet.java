package vn.edxml.node.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.edxml.node.ops.LogFormat;

/** Logging set-up of the commands that start a node. */
final class Quiet {

  /**
   * Loggers whose level is set here, held so that they (and their levels) are not
   * garbage-collected: java.util.logging keeps loggers only weakly, so a level set on a logger
   * nobody holds is lost at the next GC and the library's INFO lines come back.
   *
   * <p>WSS4J's CryptoBase warns "No Subject DN Certificate Constraints were defined" on every
   * verified request. The node pins each organ's certificates by SHA-256 fingerprint (sender
   * binding), a stricter check than the subject-name patterns the warning asks for, so it is only
   * noise: one line per request.
   */
  private static final List<Logger> HELD =
      List.of(
          Logger.getLogger("org.apache.cxf"),
          Logger.getLogger("org.eclipse.jetty"),
          Logger.getLogger("org.apache.wss4j"),
          Logger.getLogger("org.apache.xml.security"),
          Logger.getLogger("com.zaxxer.hikari"),
          Logger.getLogger("org.apache.wss4j.common.crypto.CryptoBase"));

  private Quiet() {}

  static void install(Level level) {
    LogFormat.install(level);
    for (Logger logger : HELD) {
      logger.setLevel(Level.WARNING);
    }
    HELD.get(HELD.size() - 1).setLevel(Level.SEVERE);
  }
}
