package vn.edxml.client;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node's answer to a call: {@link Accepted} with the result, or {@link Rejected} with a stable
 * error code. An outcome is always an answer from the node; when there is no answer at all the
 * client throws {@link EdxmlClientException} instead.
 *
 * @param <T> the result type
 */
public sealed interface Outcome<T> {

  /** The node did what was asked. */
  record Accepted<T>(T value) implements Outcome<T> {}

  /** The node refused, for the stated reason. */
  record Rejected<T>(Rejection reason) implements Outcome<T> {}

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** The result; throws {@link RejectedException} if the node refused. */
  default T value() {
    if (this instanceof Accepted<T> accepted) {
      return accepted.value();
    }
    throw new RejectedException(((Rejected<T>) this).reason());
  }

  /** The rejection, if the node refused. */
  default Optional<Rejection> rejection() {
    if (this instanceof Rejected<T> rejected) {
      return Optional.of(rejected.reason());
    }
    return Optional.empty();
  }

  default <R> Outcome<R> map(Function<T, R> f) {
    if (this instanceof Accepted<T> accepted) {
      return new Accepted<>(f.apply(accepted.value()));
    }
    return new Rejected<>(((Rejected<T>) this).reason());
  }

  /** {@link #value()} on a rejected outcome. */
  final class RejectedException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    RejectedException(Rejection rejection) {
      super(rejection.toString());
      this.rejection = rejection;
    }

    public Rejection rejection() {
      return rejection;
    }
  }
}
