package vn.edxml.node.store;

/** A store operation failed. {@link #reason()} tells whether retrying can help. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why it failed. */
  public enum Reason {
    /** The database is unreachable or timed out: retrying later may succeed. */
    UNAVAILABLE,
    /** A uniqueness rule refused the change. */
    CONFLICT,
    /** A referenced row does not exist. */
    NOT_FOUND,
    /** Anything else: a bug or a corrupt database. */
    FAILED
  }

  private final Reason reason;

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public StoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public boolean retryable() {
    return reason == Reason.UNAVAILABLE;
  }
}
