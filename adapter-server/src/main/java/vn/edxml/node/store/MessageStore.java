package vn.edxml.node.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The node's durable state: directory, certificates, messages, mailboxes, traces. One
 * implementation runs on embedded H2 (default) and PostgreSQL (several nodes sharing one state).
 *
 * <p>Every method is atomic: it either commits fully or changes nothing. Uniqueness rules are
 * enforced by database constraints, never by check-then-insert, so they hold under concurrent
 * duplicates and across cluster nodes.
 *
 * <p>Instants are kept to the microsecond: finer parts are truncated, and the records returned
 * carry the stored values. Failures are {@link StoreException}s whose {@link
 * StoreException#retryable()} tells whether the caller should answer "try again later"; invalid
 * arguments (null where a value is required, an unknown message type, max &lt; 1) are {@link
 * IllegalArgumentException}s or {@link NullPointerException}s, thrown before the database is
 * touched. Open one with {@link Stores#messageStore(String)}.
 */
public interface MessageStore extends AutoCloseable {

  // ---------------------------------------------------------------- directory

  /** Inserts or replaces an organ's directory entry. */
  void putOrgan(OrganRecord organ);

  Optional<OrganRecord> organ(String code);

  /**
   * Directory search, ordered by code.
   *
   * @param codePrefix null or a prefix of the organ code
   * @param nameContains null or a case-insensitive substring of the name
   */
  List<OrganRecord> organs(String codePrefix, String nameContains, int max);

  /**
   * Registers a certificate for an organ. Registering the same certificate (same fingerprint) for
   * the same organ again is a no-op; for another organ it is refused.
   *
   * @throws StoreException with {@link StoreException.Reason#CONFLICT} when the fingerprint is
   *     registered for a different organ, {@link StoreException.Reason#NOT_FOUND} when the organ is
   *     not in the directory
   */
  void addCertificate(CertificateRecord certificate);

  List<CertificateRecord> certificates(String organCode);

  Optional<CertificateRecord> certificate(String sha256Fingerprint);

  /** Marks a certificate revoked from {@code at} on; returns false if no such certificate. */
  boolean revokeCertificate(String sha256Fingerprint, Instant at);

  // ---------------------------------------------------------------- messages

  /**
   * Stores a received message with its deliveries and trace events, in one transaction. The payload
   * file must already be durable in the payload store.
   *
   * <p>Outcomes (never an exception for these):
   *
   * <ul>
   *   <li>{@link StoreOutcome.Stored}: new message stored.
   *   <li>{@link StoreOutcome.Duplicate}: (sender, messageId) already stored with the same payload
   *       digest; nothing changed; the original record is returned (idempotent retry).
   *   <li>{@link StoreOutcome.MessageIdConflict}: (sender, messageId) already stored with another
   *       digest; nothing changed.
   *   <li>{@link StoreOutcome.DocumentExists}: the message is a new document (business type 0)
   *       whose DocumentId is already stored from another message; nothing changed.
   *   <li>{@link StoreOutcome.StatusExists}: {@link NewMessage#statusOnceKey()} is set and that
   *       (document, status sender, code) was already recorded; nothing changed.
   * </ul>
   */
  StoreOutcome store(NewMessage message);

  /**
   * Messages waiting in {@code recipient}'s mailbox (delivered, not confirmed), oldest first.
   *
   * @param messageType null for both kinds, else "edoc" or "status"
   * @param max page size; the result holds at most max + 1 rows so callers can tell "more"
   */
  List<PendingRecord> pending(String recipient, String messageType, int max);

  /**
   * A message as seen by one recipient: present only if {@code recipient} has a mailbox delivery
   * for it (state delivered or confirmed; a delivery queued for another node does not count). A
   * foreign or unknown id gives the same empty answer (inbox isolation). The record lists only this
   * recipient's delivery, not the other recipients' states.
   *
   * <p>Message ids are unique per sender only: should two senders have used the same id towards one
   * recipient, the oldest unconfirmed message is returned first.
   */
  Optional<MessageRecord> messageForRecipient(String recipient, String messageId);

  /** A message as seen by its sender (for receipts and traces). */
  Optional<MessageRecord> messageFromSender(String sender, String messageId);

  /**
   * Confirms a delivery. Idempotent: a second call returns the first confirmation time with {@code
   * alreadyConfirmed = true}. Empty when the recipient has no delivery of that message. The first
   * confirmation also appends a "confirmed" trace event in the same transaction. Of concurrent
   * calls, exactly one is the first. The same mailbox rules as {@link #messageForRecipient} apply.
   */
  Optional<Confirmation> confirm(String recipient, String messageId, Instant at);

  /** Everything known about a document: its messages' senders and recipients. */
  Optional<DocumentRecord> document(String documentId);

  /** True when {@code (documentId, statusSender, code)} is already recorded. */
  boolean statusRecorded(String documentId, String statusSender, String statusCode);

  /** The document's timeline, oldest first. */
  List<TraceRecord> traces(String documentId);

  /** Appends one trace event (e.g. a transport state change made outside {@link #store}). */
  void addTrace(TraceRecord event);

  // ---------------------------------------------------------------- outbound queue

  /*
   * store(NewMessage) also enqueues: every delivery in state QUEUED with a next node puts the
   * message in the outbound queue towards that node (one forward per distinct next node), in the
   * same transaction, due at once.
   */

  /**
   * Claims up to {@code max} due forwards towards {@code nextNode}: pending, due ({@code
   * next_attempt_at <= now}) and not claimed by anybody else (no claim, or its lease has passed),
   * oldest due first. Each gets a new claim token and the lease {@code now + lease}. Safe with
   * several nodes on one database: rows are locked while claimed ({@code FOR UPDATE SKIP LOCKED} on
   * PostgreSQL), so a forward is claimed by one forwarder at a time.
   */
  List<OutboundClaim> claimForwards(
      String nextNode, Instant now, java.time.Duration lease, int max);

  /**
   * Finishes a claim in one transaction: the forward's new state (attempts + 1), the deliveries'
   * new states and the trace events. Returns false (and changes nothing) when the claim is no
   * longer held: its lease passed and another forwarder claimed it, or it was finished already.
   */
  boolean finishForward(OutboundClaim claim, ForwardOutcome outcome);

  /**
   * Gives claims back without counting an attempt (a forwarder stopping). Only claims still held
   * with these tokens are released.
   */
  void releaseClaims(java.util.Collection<OutboundClaim> claims);

  /**
   * Releases every claim, whoever holds it: only for a store one process owns (embedded H2) at
   * start-up, when no forwarder can be running.
   */
  int releaseAllClaims();

  /** Forwards in a state, oldest change first; {@code nextNode} null for every node. */
  List<OutboundRecord> forwards(OutboundState state, String nextNode, int max);

  /**
   * Puts dead letters back in the queue, due at {@code now}, with their attempts reset: the forward
   * becomes pending, its dead-letter deliveries queued, and a "queued" trace event says it was
   * replayed. {@code sender} and {@code messageId} select one message (both null: every dead
   * letter); {@code nextNode} null for every node.
   *
   * @return the number of forwards replayed
   */
  int replayDeadLetters(String sender, String messageId, String nextNode, Instant now);

  /**
   * For each next node this node queued any message of the document for: the recipients routed
   * there (whatever their state now).
   */
  java.util.Map<String, java.util.Set<String>> forwardRecipients(String documentId);

  // ---------------------------------------------------------------- maintenance

  /**
   * Hands the SHA-256 digest of every message's payload to {@code action}, row by row, without
   * collecting them (a digest referenced by several messages comes several times). For the orphan
   * sweep; an exception thrown by {@code action} ends the scan and is rethrown.
   */
  void forEachReferencedPayload(java.util.function.Consumer<String> action);

  /**
   * SHA-256 digests of every payload referenced by a message, as a set: ~150 bytes per message in
   * memory, so for small stores and tests; the sweep uses {@link #forEachReferencedPayload}.
   */
  default java.util.Set<String> referencedPayloads() {
    java.util.Set<String> result = new java.util.HashSet<>();
    forEachReferencedPayload(result::add);
    return result;
  }

  /**
   * Number of stored messages and the sum of their payload sizes. The sum reads every message row:
   * seconds on a store of millions of messages.
   */
  StoreStats stats();

  /** Number of stored messages, without reading the rows where the database can (H2 can). */
  long messageCount();

  /** True when the database answers (health check). */
  boolean isHealthy();

  @Override
  void close();
}
