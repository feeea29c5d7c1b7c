package vn.edxml.node.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Content-addressed, durable storage of package bytes, kept outside the database.
 *
 * <p>{@link #write} streams into a temporary file while computing SHA-256, fsyncs it, then renames
 * it to its digest's path (and fsyncs the folder); an identical payload already present is reused.
 * Only after that may the database row that references it be committed. {@link #sweep} removes
 * temporary files and payloads no row references (the node runs it in the background after it
 * starts).
 */
public interface PayloadStore {

  /**
   * Stores bytes from {@code in}, refusing more than {@code maxBytes}.
   *
   * @throws PayloadTooLargeException when the stream exceeds maxBytes (nothing is kept)
   */
  StoredPayload write(InputStream in, long maxBytes) throws IOException;

  /**
   * Streams bytes from {@code in} into a private temporary file beside the payloads while computing
   * their SHA-256, refusing more than {@code maxBytes}, without publishing them: the caller can
   * read them back and check them, then {@link Staged#publish} them (an fsync and a rename, no
   * copy) or close the staging, which deletes the file. {@link #write} is stage-then-publish.
   *
   * @throws PayloadTooLargeException when the stream exceeds maxBytes (nothing is kept)
   */
  Staged stage(InputStream in, long maxBytes) throws IOException;

  /**
   * Bytes staged by {@link #stage}: neither durable nor visible under their digest until published.
   * Closing an unpublished staging deletes its file. Not thread-safe.
   */
  interface Staged extends AutoCloseable {

    /** Lower-case hex SHA-256 of the staged bytes. */
    String sha256();

    long size();

    /** Reads the staged bytes (the published payload once published). */
    InputStream open() throws IOException;

    /**
     * Makes the bytes durable under their digest, exactly like {@link #write}; an identical payload
     * already present is kept and the staged copy dropped. Calling it again returns the same
     * result.
     */
    StoredPayload publish() throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Opens a stored payload, or throws {@link java.nio.file.NoSuchFileException}. */
  InputStream open(String sha256) throws IOException;

  /** Path of a stored payload (for streaming responses). */
  Path path(String sha256);

  /**
   * Deletes temporary files and payloads whose digest is not in {@code referenced}.
   *
   * @return number of files removed
   */
  default int sweep(Set<String> referenced) throws IOException {
    return sweep(referenced, Duration.ZERO);
  }

  /**
   * Like {@link #sweep(Set)}, but leaves files younger than {@code minAge}: when several nodes
   * share one payload folder, another node may have just published a payload whose row it is about
   * to commit, or be writing a temporary file.
   */
  default int sweep(Set<String> referenced, Duration minAge) throws IOException {
    return sweep(referenced::contains, Instant.now().minus(minAge), () -> false);
  }

  /**
   * Deletes temporary files and payloads last modified before {@code olderThan} whose digest does
   * not pass {@code referenced} (which may answer {@code true} for more digests than are
   * referenced, never {@code false} for a referenced one: see {@link DigestFilter}). Safe while the
   * node serves when {@code olderThan} is no later than the moment it began to serve: a new message
   * that reuses an existing payload refreshes the file's modification time first.
   *
   * @param stop asked between folders; {@code true} ends the sweep early (the node is stopping)
   * @return number of files removed
   */
  int sweep(Predicate<String> referenced, Instant olderThan, BooleanSupplier stop)
      throws IOException;

  /**
   * A durable payload.
   *
   * @param sha256 lower-case hex digest
   * @param size bytes
   */
  record StoredPayload(String sha256, long size) {}

  /** The payload is larger than allowed. */
  final class PayloadTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(long maxBytes) {
      super("payload larger than " + maxBytes + " bytes");
    }
  }
}
