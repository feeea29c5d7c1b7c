package vn.edxml.client;

import java.time.Instant;
import java.util.List;

/** Messages waiting for the client's organ, oldest first. */
public record Pending(List<Message> messages, boolean more) {

  public Pending {
    messages = List.copyOf(messages);
  }

  /**
   * One waiting message.
   *
   * @param statusCode for a status package, its code; else null
   * @param subject document subject or status description (may be null)
   */
  public record Message(
      String messageId,
      String messageType,
      String documentId,
      String from,
      Instant receivedAt,
      long size,
      String subject,
      String statusCode) {}
}
