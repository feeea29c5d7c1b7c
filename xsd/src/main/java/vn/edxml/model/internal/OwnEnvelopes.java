package vn.edxml.model.internal;

import java.util.function.Function;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.status.StatusEnvelope;

/**
 * A package's own envelope, not a copy, for this project's writer only. The public {@code
 * envelope()} accessors hand out deep copies, so the model stays immutable; a copy goes through a
 * DOM tree and cost more than writing the whole of a small package. The writer only marshals the
 * envelope, never changes it. Not public API: nothing else may call this, and nothing may change
 * what it returns.
 *
 * <p>{@link Edoc} and {@link Status} hand their accessor over when their class is initialised,
 * which has happened before any instance exists; each may be handed over once.
 */
public final class OwnEnvelopes {

  private static volatile Function<Edoc, EdocEnvelope> edocs;
  private static volatile Function<Status, StatusEnvelope> statuses;

  private OwnEnvelopes() {}

  /** Called once, by {@link Edoc}'s class initialiser. */
  public static synchronized void edocAccess(Function<Edoc, EdocEnvelope> access) {
    if (edocs != null) {
      throw new IllegalStateException("the Edoc envelope accessor is already set");
    }
    edocs = access;
  }

  /** Called once, by {@link Status}'s class initialiser. */
  public static synchronized void statusAccess(Function<Status, StatusEnvelope> access) {
    if (statuses != null) {
      throw new IllegalStateException("the Status envelope accessor is already set");
    }
    statuses = access;
  }

  /** The document's own envelope: read it, never change it. */
  public static EdocEnvelope of(Edoc edoc) {
    return edocs.apply(edoc);
  }

  /** The status's own envelope: read it, never change it. */
  public static StatusEnvelope of(Status status) {
    return statuses.apply(status);
  }
}
