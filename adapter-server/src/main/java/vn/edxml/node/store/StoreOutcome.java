package vn.edxml.node.store;

/** The result of {@link MessageStore#store}. */
public sealed interface StoreOutcome {

  /** A new message was stored. */
  record Stored(MessageRecord message) implements StoreOutcome {}

  /** The same (sender, messageId) with the same digest was stored before: nothing changed. */
  record Duplicate(MessageRecord original) implements StoreOutcome {}

  /** The same (sender, messageId) was stored before with a different payload: nothing changed. */
  record MessageIdConflict(MessageRecord original) implements StoreOutcome {}

  /** A new document with this DocumentId was stored before from another message. */
  record DocumentExists(String documentId, String existingMessageId) implements StoreOutcome {}

  /** This (document, status sender, status code) was recorded before. */
  record StatusExists(String documentId, String statusSender, String statusCode)
      implements StoreOutcome {}
}
