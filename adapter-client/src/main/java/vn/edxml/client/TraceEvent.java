package vn.edxml.client;

import java.time.Instant;

/**
 * One event on a document's timeline.
 *
 * @param recipient the recipient organ the event is about
 * @param transport a transport state (accepted, queued, forwarded, delivered, confirmed, failed,
 *     dead_letter, unroutable), or null for a status event
 * @param statusCode an edXML status code (01-06, 13, 15, 16), or null for a transport event
 * @param actor the organ that caused it
 * @param node the node that recorded it
 */
public record TraceEvent(
    Instant at,
    String recipient,
    String transport,
    String statusCode,
    String actor,
    String node,
    String messageId,
    String detail) {

  /** The transport state or the status code, whichever this event has. */
  public String what() {
    return transport != null ? transport : statusCode;
  }
}
