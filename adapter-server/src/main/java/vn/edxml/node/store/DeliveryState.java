package vn.edxml.node.store;

/** Transport state of one message for one recipient. */
public enum DeliveryState {
  /** In the recipient's mailbox on this node, waiting to be fetched and confirmed. */
  DELIVERED,
  /** The recipient confirmed it. */
  CONFIRMED,
  /** Waiting in the outbound queue for the next node. */
  QUEUED,
  /** Handed to the next node. */
  FORWARDED,
  /** No route; will never be delivered. */
  UNROUTABLE,
  /** Forwarding gave up after the configured attempts. */
  DEAD_LETTER;

  /** The lower-case name used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
