package vn.edxml.client;

/**
 * No answer from the node: it could not be reached, did not answer in time, or its answer could not
 * be trusted (e.g. not signed by the expected node). {@link #retryable()} tells whether trying
 * again later makes sense; a send retried with the same message id is never stored twice.
 */
public final class EdxmlClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public EdxmlClientException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
