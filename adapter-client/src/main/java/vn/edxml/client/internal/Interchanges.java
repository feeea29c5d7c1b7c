package vn.edxml.client.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import vn.edxml.schema.envelope.Digest;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.schema.envelope.Payload;

/** Builds Interchange envelopes. */
public final class Interchanges {

  public static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";

  private Interchanges() {}

  /** An envelope for a query (no recipients, no payload). */
  public static Interchange query(String from, Instant now) {
    Interchange ix = new Interchange();
    ix.setMessageId(UUID.randomUUID().toString());
    ix.setTimestamp(now);
    ix.setFrom(from);
    return ix;
  }

  /** An envelope for sending a package whose SHA-256 and size are known. */
  public static Interchange send(
      String messageId,
      String from,
      Collection<String> to,
      MessageType type,
      String documentId,
      byte[] sha256,
      long size,
      Instant now) {
    Interchange ix = new Interchange();
    ix.setMessageId(messageId);
    ix.setTimestamp(now);
    ix.setFrom(from);
    ix.getTo().addAll(to);
    ix.setMessageType(type);
    ix.setDocumentId(documentId);
    Payload payload = new Payload();
    Digest digest = new Digest();
    digest.setAlgorithm(SHA256_URI);
    digest.setValue(sha256.clone());
    payload.setDigest(digest);
    payload.setSize(size);
    ix.setPayload(payload);
    return ix;
  }
}
