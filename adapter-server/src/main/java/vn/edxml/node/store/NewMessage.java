package vn.edxml.node.store;

import java.time.Instant;
import java.util.List;

/**
 * A message to store.
 *
 * @param sender organ code of the sender (Interchange/From, bound to the signing certificate)
 * @param messageId the sender's message id
 * @param messageType "edoc" or "status"
 * @param documentId the edXML DocumentId (for a status: the document it answers)
 * @param businessType edoc only: 0 new, 1 revoke, 2 update, 3 replace; null for a status
 * @param statusCode status only: the two-digit code; null for an edoc
 * @param subject edoc subject or status description, for listings (may be null)
 * @param payloadSha256 lower-case hex SHA-256 of the package bytes
 * @param payloadSize package size in bytes
 * @param interchangeXml the Interchange envelope as stored (served back with GetDocument)
 * @param receivedAt acceptance time
 * @param deliveries one per recipient, with its initial transport state
 * @param traces trace events to append in the same transaction
 * @param statusOnceKey when set, the store records (documentId, sender, statusCode) with a unique
 *     constraint and answers {@link StoreOutcome.StatusExists} if it is already there
 */
public record NewMessage(
    String sender,
    String messageId,
    String messageType,
    String documentId,
    Integer businessType,
    String statusCode,
    String subject,
    String payloadSha256,
    long payloadSize,
    String interchangeXml,
    Instant receivedAt,
    List<Delivery> deliveries,
    List<TraceRecord> traces,
    boolean statusOnceKey) {

  public NewMessage {
    deliveries = List.copyOf(deliveries);
    traces = List.copyOf(traces);
  }

  /**
   * One recipient of a message.
   *
   * @param recipient organ code
   * @param state initial transport state: {@link DeliveryState}
   * @param nextNode for a queued delivery, the node it goes to next; else null
   */
  public record Delivery(String recipient, DeliveryState state, String nextNode) {}
}
