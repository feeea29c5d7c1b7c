package vn.edxml.client;

/**
 * No answer from the node: it could not be reached, did not answer in time, or its answer could not
 * be trusted (e.g. not signed by the expected node). {@link #retryable()} tells whether trying
 * again later makes sense; a send retried with the same message id is never stored twice. {@link
 * #untrusted()} tells an answer that came but failed verification (a configuration or security
 * problem: retrying will not help) from no answer at all.
 */
public final class EdxmlClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final boolean untrusted;

  public EdxmlClientException(String message, boolean retryable, Throwable cause) {
    this(message, retryable, false, cause);
  }

  /**
   * @param untrusted true when an answer came but could not be trusted (wrong signer, digest that
   *     does not match); never retryable
   */
  public EdxmlClientException(
      String message, boolean retryable, boolean untrusted, Throwable cause) {
    super(message, cause);
    this.retryable = retryable && !untrusted;
    this.untrusted = untrusted;
  }

  /** Whether trying the same call again later can succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** Whether the node (or something posing as it) answered, but the answer failed verification. */
  public boolean untrusted() {
    return untrusted;
  }
}
