package vn.edxml.node.cli;

import java.util.Locale;

/** Recognises an H2 file database locked by another process (a running node). */
public final class StoreProblems {

  private StoreProblems() {}

  /** True when {@code e} or a cause says the H2 database is already in use (H2 error 90020). */
  public static boolean isLockedByAnotherProcess(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      // H2: "Database may be already in use: ... [90020-232]" (not Jetty's "Address already in
      // use", which is a busy port)
      if (m.contains("database may be already in use") || m.contains("[90020-")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
