package vn.edxml.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test hook for the crash-point matrix: the bridge calls {@link #reach} at each named step of its
 * pipelines. In production this is {@link #NONE} and does nothing. Only when the system property
 * {@value #PROPERTY} names a point (e.g. {@code -Dedxml.bridge.test.crash-at=outbox.sent}) does the
 * bridge halt the JVM there with exit code 137, skipping shutdown hooks the way a power loss or
 * {@code kill -9} would. The points are listed in {@link Point}.
 */
interface CrashPoints {

  /** The system property naming the point at which a test bridge halts. */
  String PROPERTY = "edxml.bridge.test.crash-at";

  /** Does nothing. */
  CrashPoints NONE = point -> {};

  /** Called when the bridge has completed the step named {@code point}. */
  void reach(Point point);

  /** {@link #NONE} unless {@value #PROPERTY} names a known point. */
  static CrashPoints fromSystemProperties() {
    String wanted = System.getProperty(PROPERTY);
    if (wanted == null || wanted.isBlank()) {
      return NONE;
    }
    Point at = Point.byId(wanted.strip());
    Logger log = LoggerFactory.getLogger(CrashPoints.class);
    log.warn("TEST HOOK: this bridge halts the JVM at crash point {}", at.id());
    return point -> {
      if (point == at) {
        log.warn("TEST HOOK: halting at crash point {}", point.id());
        Runtime.getRuntime().halt(137);
      }
    };
  }

  /** The named steps, in pipeline order. Each is reached just after the step it names. */
  enum Point {
    /** Outbox: the claim folder (named by the message id) exists, the file is still in outbox/. */
    OUTBOX_CLAIM_DIR("outbox.claim-dir"),
    /** Outbox: the file has been moved into the claim folder; nothing sent yet. */
    OUTBOX_CLAIMED("outbox.claimed"),
    /** Outbox: a status file has been turned into a status package; nothing sent yet. */
    OUTBOX_PREPARED("outbox.prepared"),
    /** Outbox: part of the package has been uploaded (the node has not answered). */
    OUTBOX_SENDING("outbox.sending"),
    /** Outbox: the node accepted the package; the receipt is not written yet. */
    OUTBOX_SENT("outbox.sent"),
    /** Outbox: the node rejected the package; the error report is not written yet. */
    OUTBOX_REJECTED("outbox.rejected"),
    /** Outbox: the receipt (or error report) is written in the claim folder. */
    OUTBOX_REPORTED("outbox.reported"),
    /** Outbox: the final names in sent/ (or failed/) are chosen and journaled. */
    OUTBOX_TARGET("outbox.target"),
    /** Outbox: the receipt (or error report) is in sent/ (failed/); the package is not. */
    OUTBOX_REPORT_MOVED("outbox.report-moved"),
    /** Outbox: the package is in sent/ (failed/); the claim folder is not removed yet. */
    OUTBOX_MOVED("outbox.moved"),
    /** Inbox: part of a message has been downloaded into a temporary file. */
    INBOX_FETCHING("inbox.fetching"),
    /** Inbox: the message is complete (checked, fsynced) in .bridge/incoming/. */
    INBOX_FETCHED("inbox.fetched"),
    /** Inbox: the delivery is journaled; the message is not in inbox/ (status/) yet. */
    INBOX_MARKED("inbox.marked"),
    /** Inbox: the message is in inbox/ (status/); not confirmed yet. */
    INBOX_DELIVERED("inbox.delivered"),
    /** Inbox: the node has the confirmation; the journal entry is not closed yet. */
    INBOX_CONFIRMED("inbox.confirmed");

    private final String id;

    Point(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    static Point byId(String id) {
      for (Point p : values()) {
        if (p.id.equals(id)) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          PROPERTY
              + "="
              + id
              + " names no crash point; known: "
              + java.util.Arrays.toString(ids()));
    }

    private static String[] ids() {
      return java.util.Arrays.stream(values()).map(Point::id).toArray(String[]::new);
    }
  }
}
