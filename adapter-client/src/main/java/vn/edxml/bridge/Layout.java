package vn.edxml.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The exchange folder. The legacy software writes outbox/ and reads sent/, failed/, inbox/ and
 * status/; .bridge/ is the bridge's own journal and must not be touched.
 *
 * <pre>
 * outbox/                 packages (*.edxml, any name) and status requests (*.status) to send
 * sent/                   NAME + NAME.receipt.txt
 * failed/                 NAME + NAME.error.txt
 * inbox/                  received documents, MESSAGEID.edxml
 * status/                 received status packages, MESSAGEID.edxml
 * .bridge/outgoing/ID/    a claimed outbox file, ID = the message id it is sent with
 * .bridge/incoming/       messages being fetched; KEY.delivery = journaled delivery
 * .bridge/received/KEY    closed deliveries (confirmed to the node)
 * .bridge/documents/      the ResponseFor facts of documents sent and received (for status files)
 * .bridge/lock            held while a bridge runs on this folder
 * </pre>
 */
final class Layout {

  final Path root;
  final Path outbox;
  final Path sent;
  final Path failed;
  final Path inbox;
  final Path status;
  final Path state;
  final Path outgoing;
  final Path incoming;
  final Path received;
  final Path documents;
  final Path tmp;

  Layout(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.outbox = this.root.resolve("outbox");
    this.sent = this.root.resolve("sent");
    this.failed = this.root.resolve("failed");
    this.inbox = this.root.resolve("inbox");
    this.status = this.root.resolve("status");
    this.state = this.root.resolve(".bridge");
    this.outgoing = state.resolve("outgoing");
    this.incoming = state.resolve("incoming");
    this.received = state.resolve("received");
    this.documents = state.resolve("documents");
    this.tmp = state.resolve("tmp");
  }

  /** Creates every folder that is missing. */
  void create() throws IOException {
    for (Path p :
        new Path[] {
          outbox, sent, failed, inbox, status, state, outgoing, incoming, received, documents, tmp
        }) {
      Durable.mkdir(p);
    }
  }

  /**
   * A file-name-safe key for a message id: the id itself when it is made of letters, digits, '.',
   * '_' and '-' only (and is not too long), else a readable part plus a hash of the id.
   */
  static String key(String messageId) {
    if (messageId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")) {
      return messageId;
    }
    String readable = messageId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (readable.length() > 60) {
      readable = readable.substring(0, 60);
    }
    if (readable.startsWith(".")) {
      readable = "_" + readable.substring(1);
    }
    return readable + "-" + sha256Hex(messageId).substring(0, 16);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
