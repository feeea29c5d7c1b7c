package vn.edxml.client;

import java.time.Instant;
import java.util.List;

/**
 * A package fetched from the node, its bytes checked against the digest in the signed envelope.
 *
 * @param messageId the message id
 * @param messageType "edoc" or "status"
 * @param from the sending organ
 * @param to the recipients named by the sender
 * @param documentId the edXML DocumentId
 * @param size bytes written
 * @param sha256 SHA-256 of the bytes, lower-case hex
 * @param hops every node that handled the message, oldest first
 */
public record FetchedMessage(
    String messageId,
    String messageType,
    String from,
    List<String> to,
    String documentId,
    long size,
    String sha256,
    List<Hop> hops) {

  public FetchedMessage {
    to = List.copyOf(to);
    hops = List.copyOf(hops);
  }

  /** A node on the message's way. */
  public record Hop(String node, Instant receivedAt) {}
}
