package vn.edxml.node.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored message.
 *
 * @param deliveries current state per recipient
 */
public record MessageRecord(
    long id,
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
    List<DeliveryRecord> deliveries) {

  public MessageRecord {
    deliveries = List.copyOf(deliveries);
  }

  /** Current transport state of the message for one recipient. */
  public record DeliveryRecord(
      String recipient, DeliveryState state, String nextNode, Instant updatedAt) {}
}
