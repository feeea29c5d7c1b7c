package vn.edxml.bridge;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.bridge.CrashPoints.Point;
import vn.edxml.client.Confirmation;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.FetchedMessage;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;

/**
 * The inbox pipeline, per waiting message (KEY = the message id made file-name safe):
 *
 * <ol>
 *   <li>fetch into {@code .bridge/incoming/KEY.edxml} (temporary file, digest checked, fsync,
 *       rename);
 *   <li>journal the delivery: {@code .bridge/incoming/KEY.delivery} names the message and its final
 *       file ({@code inbox/KEY.edxml} or {@code status/KEY.edxml});
 *   <li>rename the message to that final file (fsync of both folders);
 *   <li>confirm to the node (idempotent);
 *   <li>close the journal entry: rename it to {@code .bridge/received/KEY}.
 * </ol>
 *
 * A message is confirmed only once its file is durably in place; a journaled delivery is never
 * fetched again, so a crash at any step yields exactly one file, even when the legacy software has
 * already taken it away.
 */
final class Incoming {

  private static final Logger log = LoggerFactory.getLogger(Incoming.class);

  static final String FETCHED = ".edxml";
  static final String DELIVERY = ".delivery";

  /** Counts of one receive pass. */
  record Counts(int documents, int statuses, int pending, boolean more, boolean nodeDown) {}

  private final Layout layout;
  private final EdxmlClient client;
  private final DocumentRecords records;
  private final CrashPoints crash;

  Incoming(Layout layout, EdxmlClient client, DocumentRecords records, CrashPoints crash) {
    this.layout = layout;
    this.client = client;
    this.records = records;
    this.crash = crash;
  }

  /**
   * Finishes what a crash or an unreachable node left in .bridge/incoming/: journaled deliveries
   * are completed and confirmed, unjournaled fetches and partial downloads are discarded (the
   * message is still waiting on the node and is fetched again).
   *
   * @return false if the node could not be reached
   */
  boolean recover() throws IOException {
    boolean reachable = true;
    for (Path p : Durable.list(layout.incoming)) {
      String name = p.getFileName().toString();
      if (name.endsWith(DELIVERY)) {
        if (reachable) {
          reachable = deliver(p) != Step.NODE_DOWN;
        }
      } else if (name.endsWith(FETCHED)) {
        String key = name.substring(0, name.length() - FETCHED.length());
        if (!Files.exists(layout.incoming.resolve(key + DELIVERY))) {
          Files.deleteIfExists(p);
        }
      } else if (name.startsWith(".")) {
        // A partial download (.fetch-*.part) or a journal temp file.
        Files.deleteIfExists(p);
      }
    }
    return reachable;
  }

  private enum Step {
    DONE,
    WAITING,
    NODE_DOWN
  }

  /** Fetches, delivers and confirms up to {@code max} waiting messages, oldest first. */
  Counts receive(int max, java.util.function.BooleanSupplier stopping) throws IOException {
    Outcome<Pending> listed;
    try {
      listed = client.pending(null, max);
    } catch (EdxmlClientException e) {
      log.warn("inbox: cannot list waiting messages: {}", e.getMessage());
      return new Counts(0, 0, 0, false, true);
    }
    if (!listed.isAccepted()) {
      log.warn("inbox: the node refused the list: {}", listed.rejection().orElseThrow());
      return new Counts(0, 0, 0, false, false);
    }
    Pending pending = listed.value();
    List<Pending.Message> messages = pending.messages();
    int documents = 0;
    int statuses = 0;
    int done = 0;
    for (Pending.Message m : messages) {
      if (stopping.getAsBoolean()) {
        break;
      }
      Step step = receive(m);
      if (step == Step.NODE_DOWN) {
        return new Counts(documents, statuses, messages.size() - done, pending.more(), true);
      }
      done++;
      if (step == Step.DONE) {
        if ("status".equals(m.messageType())) {
          statuses++;
        } else {
          documents++;
        }
      }
    }
    return new Counts(documents, statuses, messages.size() - done, pending.more(), false);
  }

  private Step receive(Pending.Message m) throws IOException {
    String key = Layout.key(m.messageId());
    Path delivery = layout.incoming.resolve(key + DELIVERY);
    if (Files.exists(delivery)) {
      return deliver(delivery);
    }
    if (Files.exists(layout.received.resolve(key))) {
      // Delivered and confirmed before, yet listed again: confirm, never deliver twice.
      log.warn("inbox: message {} was delivered before; confirming it again", m.messageId());
      return confirm(m.messageId(), null);
    }
    Path fetched = layout.incoming.resolve(key + FETCHED);
    Outcome<FetchedMessage> outcome;
    try {
      outcome = client.fetch(m.messageId(), fetched);
    } catch (EdxmlClientException e) {
      log.warn("inbox: message {} waits: {}", m.messageId(), e.getMessage());
      return e.retryable() ? Step.NODE_DOWN : Step.WAITING;
    }
    if (!outcome.isAccepted()) {
      log.warn("inbox: the node refused message {}: {}", m.messageId(), outcome.rejection().get());
      return Step.WAITING;
    }
    Durable.forceDir(layout.incoming);
    crash.reach(Point.INBOX_FETCHED);
    FetchedMessage message = outcome.value();
    boolean status = "status".equals(message.messageType());
    if (!status) {
      records.record(fetched);
    }
    Path target = (status ? layout.status : layout.inbox).resolve(key + ".edxml");
    Properties p = new Properties();
    p.setProperty("message.id", m.messageId());
    p.setProperty("message.type", status ? "status" : "edoc");
    p.setProperty("from", String.valueOf(message.from()));
    p.setProperty("document.id", String.valueOf(message.documentId()));
    p.setProperty("sha256", message.sha256());
    p.setProperty("target", layout.root.relativize(target).toString().replace('\\', '/'));
    StringWriter text = new StringWriter();
    p.store(text, null);
    Durable.writeString(delivery, text.toString());
    crash.reach(Point.INBOX_MARKED);
    return deliver(delivery);
  }

  /** Completes a journaled delivery: file into place (if not yet), confirm, close the entry. */
  private Step deliver(Path delivery) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(delivery, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String name = delivery.getFileName().toString();
    String key = name.substring(0, name.length() - DELIVERY.length());
    Path fetched = layout.incoming.resolve(key + FETCHED);
    Path target = layout.root.resolve(p.getProperty("target")).normalize();
    if (!target.startsWith(layout.root)) {
      throw new IOException(delivery + " names a target outside the folder: " + target);
    }
    if (Files.exists(fetched)) {
      Durable.move(fetched, target);
      log.info(
          "{}: message {} from {} (document {}) is in {}",
          "status".equals(p.getProperty("message.type")) ? "status" : "inbox",
          p.getProperty("message.id"),
          p.getProperty("from"),
          p.getProperty("document.id"),
          layout.root.relativize(target));
      crash.reach(Point.INBOX_DELIVERED);
    }
    return confirm(p.getProperty("message.id"), delivery);
  }

  private Step confirm(String messageId, Path delivery) throws IOException {
    Outcome<Confirmation> confirmed;
    try {
      confirmed = client.confirm(messageId);
    } catch (EdxmlClientException e) {
      log.warn("inbox: message {} delivered, confirmation waits: {}", messageId, e.getMessage());
      return e.retryable() ? Step.NODE_DOWN : Step.WAITING;
    }
    if (!confirmed.isAccepted()) {
      var why = confirmed.rejection().orElseThrow();
      if (why.retryable()) {
        log.warn("inbox: message {} delivered, confirmation waits: {}", messageId, why);
        return Step.WAITING;
      }
      log.warn(
          "inbox: message {} delivered, the node refused the confirmation: {}", messageId, why);
    }
    crash.reach(Point.INBOX_CONFIRMED);
    if (delivery != null) {
      Durable.move(delivery, layout.received.resolve(Layout.key(messageId)));
    }
    return Step.DONE;
  }
}
