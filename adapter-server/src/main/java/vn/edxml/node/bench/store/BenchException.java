package vn.edxml.node.bench.store;

/** The benchmark cannot go on: what went wrong, in one line the user can act on. */
public final class BenchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
