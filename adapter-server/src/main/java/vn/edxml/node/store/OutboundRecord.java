package vn.edxml.node.store;

import java.time.Instant;
import java.util.List;

/**
 * One forward in the outbound queue: a stored message towards one next node.
 *
 * @param messagePk the message's row id
 * @param sender the message's original sender (Interchange/From)
 * @param messageId the original sender's message id
 * @param messageType "edoc" or "status"
 * @param documentId the edXML DocumentId
 * @param nextNode the node it goes to
 * @param recipients the recipients routed to that node (in any delivery state)
 * @param state the forward's state
 * @param attempts attempts made so far
 * @param nextAttemptAt when a pending forward is due
 * @param lastError what the last failed attempt said, or null
 * @param updatedAt the last change
 */
public record OutboundRecord(
    long messagePk,
    String sender,
    String messageId,
    String messageType,
    String documentId,
    String nextNode,
    List<String> recipients,
    OutboundState state,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant updatedAt) {

  public OutboundRecord {
    recipients = List.copyOf(recipients);
  }
}
