package vn.edxml.client;

import java.time.Instant;

/**
 * The node recorded that the receiver stored the message.
 *
 * @param alreadyConfirmed true when it was confirmed before (the first time is returned)
 * @param statusMessageId when the node sent status 01 on the receiver's behalf, that message's id
 */
public record Confirmation(
    String messageId, Instant confirmedAt, boolean alreadyConfirmed, String statusMessageId) {}
