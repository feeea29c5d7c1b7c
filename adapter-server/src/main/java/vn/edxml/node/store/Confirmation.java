package vn.edxml.node.store;

import java.time.Instant;

/** The result of confirming a delivery. */
public record Confirmation(MessageRecord message, Instant confirmedAt, boolean alreadyConfirmed) {}
