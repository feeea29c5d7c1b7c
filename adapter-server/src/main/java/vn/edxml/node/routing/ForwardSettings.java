package vn.edxml.node.routing;

import java.time.Duration;

/**
 * How the forwarder sends, retries and gives up.
 *
 * @param maxAttempts attempts before a forward becomes a dead letter
 * @param backoffInitial delay before the second attempt; doubled each time
 * @param backoffMax cap of the delay
 * @param breakerFailures consecutive failures towards one peer that open its circuit breaker
 * @param breakerOpen how long an open breaker waits before one trial request
 * @param pollInterval how often the forwarder looks for due retries (new messages wake it at once)
 * @param timeout how long one forward may wait for the peer's answer
 * @param lease how long a claimed forward is reserved for the forwarder that claimed it (must cover
 *     one send; after it, another node of a cluster may take the forward over)
 * @param tracesTimeout how long a node waits for a peer's part of a document's timeline
 */
public record ForwardSettings(
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    int breakerFailures,
    Duration breakerOpen,
    Duration pollInterval,
    Duration timeout,
    Duration lease,
    Duration tracesTimeout) {

  public static final ForwardSettings DEFAULTS =
      new ForwardSettings(
          10,
          Duration.ofSeconds(5),
          Duration.ofMinutes(10),
          5,
          Duration.ofSeconds(60),
          Duration.ofSeconds(2),
          Duration.ofSeconds(60),
          Duration.ofMinutes(5),
          Duration.ofSeconds(10));
}
