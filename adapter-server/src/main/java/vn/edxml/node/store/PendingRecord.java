package vn.edxml.node.store;

import java.time.Instant;

/** One message waiting in a mailbox. */
public record PendingRecord(
    String messageId,
    String messageType,
    String documentId,
    String sender,
    Instant receivedAt,
    long size,
    String subject,
    String statusCode) {}
