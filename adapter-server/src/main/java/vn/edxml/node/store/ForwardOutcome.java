package vn.edxml.node.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How a claimed forward ended, for {@link MessageStore#finishForward}.
 *
 * @param state {@link OutboundState#SENT}, {@link OutboundState#PENDING} (retry at {@code
 *     nextAttemptAt}) or {@link OutboundState#DEAD}
 * @param at when
 * @param nextAttemptAt for a retry: when it is due; else null
 * @param error for a retry or a dead letter: what went wrong; else null
 * @param deliveries new state per recipient of the forward (recipients not listed keep theirs)
 * @param traces trace events to append in the same transaction
 */
public record ForwardOutcome(
    OutboundState state,
    Instant at,
    Instant nextAttemptAt,
    String error,
    Map<String, DeliveryState> deliveries,
    List<TraceRecord> traces) {

  public ForwardOutcome {
    deliveries = Map.copyOf(deliveries);
    traces = List.copyOf(traces);
  }
}
