package vn.edxml.cli;

/** The exit codes of the commands that talk to a node (and of {@code keys}). */
final class ExitCode {

  /** Done: the node accepted every request. */
  static final int DONE = 0;

  /** The node answered and refused (a stable code, message and correlation id are printed). */
  static final int REJECTED = 1;

  /** Wrong usage, bad configuration, or a local file problem: nothing was sent. */
  static final int USAGE = 2;

  /** No answer from the node after the retries: trying again later makes sense. */
  static final int NO_ANSWER = 3;

  /** An answer came but could not be trusted (not signed by the configured node): do not retry. */
  static final int UNTRUSTED = 4;

  private ExitCode() {}
}
