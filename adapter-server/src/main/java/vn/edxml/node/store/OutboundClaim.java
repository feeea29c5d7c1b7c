package vn.edxml.node.store;

import java.time.Instant;
import java.util.List;

/**
 * A forward claimed by one forwarder: nobody else sends it until {@code claimedUntil} has passed or
 * the claim is finished. Finishing is fenced by {@code token}: a forwarder whose lease ran out and
 * was taken over cannot finish it any more.
 *
 * @param message the message, with every delivery
 * @param nextNode the node to send it to
 * @param recipients the recipients still queued for that node (the forward's To)
 * @param attempts attempts made before this one
 * @param token identifies this claim
 * @param claimedUntil the lease
 */
public record OutboundClaim(
    MessageRecord message,
    String nextNode,
    List<String> recipients,
    int attempts,
    String token,
    Instant claimedUntil) {

  public OutboundClaim {
    recipients = List.copyOf(recipients);
  }
}
