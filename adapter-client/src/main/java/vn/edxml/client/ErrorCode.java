package vn.edxml.client;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Stable error codes of the exchange service. The {@link #id()} travels in every fault ({@code
 * InterchangeFault/Code}) and never changes meaning; messages come in English and Vietnamese.
 * Security failures are deliberately generic towards the caller ({@link #SECURITY_FAILED}); the
 * node logs the precise reason under the fault's correlation id.
 */
public enum ErrorCode {
  /**
   * The WS-Security header is missing or does not verify (signature, timestamp, trust, algorithm).
   */
  SECURITY_FAILED(false),
  /** The signing certificate is not registered (or revoked) for the organ named in the request. */
  SENDER_NOT_AUTHORIZED(false),
  /** The Interchange header is missing, duplicated or inconsistent with the request. */
  ENVELOPE_INVALID(false),
  /** The package bytes do not match the digest or size signed in the Interchange header. */
  PAYLOAD_DIGEST_MISMATCH(false),
  /** The package is larger than this node accepts. */
  PAYLOAD_TOO_LARGE(false),
  /** The package is not a well-formed, safe edXML package (not XML, DTD, limits, wrong root). */
  PACKAGE_UNREADABLE(false),
  /** The package breaks the edXML schema or rules. */
  SCHEMA_INVALID(false),
  /** The package's sender, recipients, type or DocumentId disagree with the Interchange header. */
  ENVELOPE_MISMATCH(false),
  /** A new document with this DocumentId was already accepted from another message. */
  DUPLICATE_DOCUMENT(false),
  /** This message id was already used by the sender for a different package. */
  MESSAGE_ID_CONFLICT(false),
  /** None of the recipients can be reached from this node. */
  UNKNOWN_RECIPIENT(false),
  /** The status package refers to a document this node does not know. */
  STATUS_UNKNOWN_DOCUMENT(false),
  /** This status code was already sent for this document by this organ (only 05 may repeat). */
  STATUS_DUPLICATE(false),
  /** Status 13 (recall) may only come from the document's issuer. */
  STATUS_RECALL_NOT_ISSUER(false),
  /** Status 15 or 16 answers a recall (13) that was never sent. */
  STATUS_WITHOUT_RECALL(false),
  /** Status 02 (rejected) needs a reason in Description. */
  STATUS_REASON_MISSING(false),
  /** The status sender is neither the document's issuer nor one of its recipients. */
  STATUS_NOT_PARTICIPANT(false),
  /** The request's parameters are invalid (e.g. an OrganId that is not the caller's). */
  REQUEST_INVALID(false),
  /** No such message or document for the caller (also for other organs' messages). */
  NOT_FOUND(false),
  /** The node's store is unavailable; nothing was stored. Retry later. */
  STORE_UNAVAILABLE(true),
  /** The node is shutting down; nothing was stored. Retry (possibly on another node). */
  NODE_UNAVAILABLE(true),
  /** An unexpected error; nothing was stored. Retrying may help; report the correlation id. */
  INTERNAL_ERROR(true);

  private static final String BUNDLE = "vn.edxml.client.errors";

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /** The stable wire id, e.g. {@code duplicate_document}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether sending the same request again later can succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** The message in the given language (English or Vietnamese; English for anything else). */
  public String message(Locale locale) {
    Locale chosen = "vi".equals(locale.getLanguage()) ? Locale.forLanguageTag("vi") : Locale.ROOT;
    try {
      return ResourceBundle.getBundle(
              BUNDLE,
              chosen,
              ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
          .getString(id());
    } catch (MissingResourceException e) {
      return id();
    }
  }

  /** The code with this wire id, if known. */
  public static Optional<ErrorCode> fromId(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (ErrorCode code : values()) {
      if (code.id().equals(id)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
