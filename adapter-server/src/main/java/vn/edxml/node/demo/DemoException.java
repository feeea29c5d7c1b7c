package vn.edxml.node.demo;

/** A demo step failed: what went wrong and what to do. */
public final class DemoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String fix;

  public DemoException(String problem, String fix) {
    super(problem);
    this.fix = fix;
  }

  public DemoException(String problem, String fix, Throwable cause) {
    super(problem, cause);
    this.fix = fix;
  }

  /** What the user can do about it. */
  public String fix() {
    return fix;
  }
}
