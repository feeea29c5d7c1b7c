package vn.edxml.samples;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the libraries' INFO chatter out of the samples' output (your application decides its own
 * logging).
 */
public final class QuietLogs {

  private static final List<Logger> HELD =
      List.of(
          Logger.getLogger("org.apache.cxf"),
          Logger.getLogger("org.ehcache"),
          Logger.getLogger("org.apache.wss4j"),
          Logger.getLogger("org.apache.xml.security"));

  private QuietLogs() {}

  public static void apply() {
    HELD.forEach(l -> l.setLevel(Level.WARNING));
  }
}
