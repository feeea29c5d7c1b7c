package vn.edxml.client;

import java.time.Instant;
import java.util.List;

/**
 * The node's signed proof that it stored a package durably.
 *
 * @param messageId the message id (the client's; unique per sender)
 * @param messageType "edoc" or "status"
 * @param documentId the edXML DocumentId
 * @param acceptedAt when the node stored it
 * @param node the node's code
 * @param payloadSha256 SHA-256 of the package bytes the node stored, lower-case hex; equal to what
 *     was sent (checked by the client)
 * @param duplicate true when the node already had this message: nothing new was stored
 * @param recipients what happens for each recipient
 */
public record SendReceipt(
    String messageId,
    String messageType,
    String documentId,
    Instant acceptedAt,
    String node,
    String payloadSha256,
    boolean duplicate,
    List<RecipientResult> recipients) {

  public SendReceipt {
    recipients = List.copyOf(recipients);
  }

  /**
   * @param organId the recipient
   * @param routing delivered to its mailbox, queued for the next node, or unroutable
   * @param nextNode for a queued message, the node it goes to next
   * @param detail the node's explanation, e.g. why it is unroutable
   */
  public record RecipientResult(String organId, Routing routing, String nextNode, String detail) {}

  /** Where a message stands for one recipient at acceptance. */
  public enum Routing {
    DELIVERED,
    QUEUED,
    UNROUTABLE
  }
}
