package vn.edxml.node.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builders for store test data. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2025-03-01T08:00:00.123456Z");

  private Fixtures() {}

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static OrganRecord organ(String code, String name) {
    return new OrganRecord(code, name, null, "NODE.TEST", true);
  }

  static Msg edoc(String sender, String messageId, String documentId) {
    return new Msg(sender, messageId, "edoc", documentId).businessType(0);
  }

  static Msg status(String sender, String messageId, String documentId, String code) {
    return new Msg(sender, messageId, "status", documentId).statusCode(code);
  }

  /** A mutable builder of {@link NewMessage}. */
  static final class Msg {
    private final String sender;
    private final String messageId;
    private final String type;
    private final String documentId;
    private Integer businessType;
    private String statusCode;
    private String subject = "Công văn số 12/UBND";
    private String payload;
    private Instant receivedAt = T0;
    private final List<NewMessage.Delivery> deliveries = new ArrayList<>();
    private final List<TraceRecord> traces = new ArrayList<>();
    private boolean statusOnce;

    Msg(String sender, String messageId, String type, String documentId) {
      this.sender = sender;
      this.messageId = messageId;
      this.type = type;
      this.documentId = documentId;
      this.payload = "payload of " + messageId;
    }

    Msg businessType(Integer t) {
      this.businessType = t;
      return this;
    }

    Msg statusCode(String code) {
      this.statusCode = code;
      return this;
    }

    Msg subject(String s) {
      this.subject = s;
      return this;
    }

    Msg payload(String p) {
      this.payload = p;
      return this;
    }

    Msg at(Instant at) {
      this.receivedAt = at;
      return this;
    }

    Msg to(String... recipients) {
      for (String r : recipients) {
        deliveries.add(new NewMessage.Delivery(r, DeliveryState.DELIVERED, null));
      }
      return this;
    }

    Msg queued(String recipient, String nextNode) {
      deliveries.add(new NewMessage.Delivery(recipient, DeliveryState.QUEUED, nextNode));
      return this;
    }

    Msg statusOnce() {
      this.statusOnce = true;
      return this;
    }

    Msg traceAccepted() {
      for (NewMessage.Delivery d : deliveries) {
        traces.add(
            new TraceRecord(
                documentId,
                d.recipient(),
                receivedAt,
                TraceRecord.Kind.TRANSPORT,
                "accepted",
                sender,
                "NODE.TEST",
                messageId,
                null));
      }
      return this;
    }

    String digest() {
      return sha256(payload);
    }

    NewMessage build() {
      return new NewMessage(
          sender,
          messageId,
          type,
          documentId,
          businessType,
          statusCode,
          subject,
          digest(),
          payload.length(),
          "<Interchange><MessageId>" + messageId + "</MessageId></Interchange>",
          receivedAt,
          deliveries,
          traces,
          statusOnce);
    }
  }
}
