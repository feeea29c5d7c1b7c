package vn.edxml.node.store;

/** State of one forward (a message towards one next node) in the outbound queue. */
public enum OutboundState {
  /** Waiting for its next attempt, or being sent by the forwarder that claimed it. */
  PENDING,
  /** The next node answered with a receipt: done. */
  SENT,
  /** Given up (attempts exhausted, or refused for good by the next node): a dead letter. */
  DEAD;

  /** The lower-case name used in the database. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
