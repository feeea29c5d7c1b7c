package vn.edxml.client;

/**
 * Observes a client's transfers and retries, e.g. to draw a progress bar or log. Called on the
 * calling thread; implementations must be fast and must not throw.
 */
public interface ClientListener {

  /** No-op listener. */
  ClientListener NONE = new ClientListener() {};

  /** Bytes of a package sent so far ({@code total} is known). */
  default void uploaded(String messageId, long bytes, long total) {}

  /** Bytes of a package received so far ({@code total} may be -1 when unknown). */
  default void downloaded(String messageId, long bytes, long total) {}

  /** A call failed and will be tried again after {@code waitMillis}. */
  default void retrying(String operation, int attempt, String reason, long waitMillis) {}
}
