package vn.edxml.node.cli;

/** The exit codes of {@code edxml-node.jar}, listed in its {@code --help}. */
public final class ExitCodes {

  /** Done; for {@code --config}/{@code run}: the node stopped after a shutdown signal. */
  public static final int OK = 0;

  /** The command ran but failed: a demo step, an unknown organ or certificate, a refused value. */
  public static final int FAILED = 1;

  /** Usage or configuration error: the message names the option or key and the fix. */
  public static final int CONFIG = 2;

  /** The store is in use by a running node (an H2 file database has one user at a time). */
  public static final int STORE_BUSY = 3;

  private ExitCodes() {}
}
