package vn.edxml.node.store;

import java.time.Instant;

/**
 * One event on a document's timeline.
 *
 * @param documentId the document
 * @param recipient the recipient organ the event is about
 * @param at when it happened
 * @param kind {@link Kind#TRANSPORT} (value = a {@link DeliveryState} wire name, or "accepted") or
 *     {@link Kind#STATUS} (value = an edXML status code)
 * @param value the state or code
 * @param actor the organ that caused it (sender, confirming receiver, status sender) or null
 * @param node the node that recorded it
 * @param messageId the message it belongs to, or null
 * @param detail free text (e.g. a status description or an error), may be null
 */
public record TraceRecord(
    String documentId,
    String recipient,
    Instant at,
    Kind kind,
    String value,
    String actor,
    String node,
    String messageId,
    String detail) {

  /** Event kinds. */
  public enum Kind {
    TRANSPORT,
    STATUS
  }
}
