package vn.edxml.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.bridge.CrashPoints.Point;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.Outcome;
import vn.edxml.client.Rejection;
import vn.edxml.client.SendReceipt;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.io.PackageSummaryReader;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;

/**
 * The outbox pipeline. Each step leaves a state from which a restarted bridge finishes the work
 * without losing the file or sending it twice:
 *
 * <ol>
 *   <li>claim: create {@code .bridge/outgoing/ID/} (ID = a new message id), then rename the file
 *       from outbox/ into it. The rename is the journal entry: from then on the file is always sent
 *       with message id ID, and the node stores a message id at most once.
 *   <li>prepare (status files only): write the status package {@code .package.edxml} beside it.
 *   <li>send with message id ID. Accepted: write {@code .receipt.txt}; rejected for good: write
 *       {@code .error.txt}; no answer or a retryable rejection: leave everything for the next
 *       cycle.
 *   <li>target: choose the free names in sent/ (failed/) and journal them in {@code .target}.
 *   <li>move the receipt (error report), then the file, to those names; remove the claim folder.
 * </ol>
 */
final class Outgoing {

  private static final Logger log = LoggerFactory.getLogger(Outgoing.class);

  static final String PACKAGE = ".package.edxml";
  static final String RECEIPT = ".receipt.txt";
  static final String ERROR = ".error.txt";
  static final String TARGET = ".target";

  /** What happened to one claimed file in this cycle. */
  enum Result {
    SENT,
    FAILED,
    /** Left for the next cycle (retryable rejection, local I/O problem). */
    WAITING,
    /** The node did not answer: stop sending in this cycle. */
    NODE_DOWN
  }

  private final Layout layout;
  private final EdxmlClient client;
  private final Organ organ;
  private final DocumentRecords records;
  private final CrashPoints crash;
  private final Duration settle;
  private final Clock clock;
  private final PackageSummaryReader summaries = new PackageSummaryReader();
  private final Map<Path, Seen> seen = new HashMap<>();

  private record Seen(long size, long modified, Instant since) {}

  Outgoing(
      Layout layout,
      EdxmlClient client,
      Organ organ,
      DocumentRecords records,
      CrashPoints crash,
      Duration settle,
      Clock clock) {
    this.layout = layout;
    this.client = client;
    this.organ = organ;
    this.records = records;
    this.crash = crash;
    this.settle = settle;
    this.clock = clock;
  }

  /** Claim folders left by an earlier cycle or run, oldest message first. */
  List<Path> inFlight() throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (Path p : Durable.list(layout.outgoing)) {
      if (Files.isDirectory(p)) {
        dirs.add(p);
      }
    }
    dirs.sort(Comparator.comparing(Outgoing::modified).thenComparing(Path::toString));
    return dirs;
  }

  /**
   * Complete files in outbox/, oldest first, at most {@code max}. A file is complete when its name
   * is not a temporary one ({@code .*}, {@code *.tmp}, {@code *.part}) and it has not changed for
   * the settle time.
   */
  List<Path> ready(int max) throws IOException {
    Instant now = clock.instant();
    List<Path> files = new ArrayList<>();
    Map<Path, Seen> still = new HashMap<>();
    for (Path p : Durable.list(layout.outbox)) {
      String name = p.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      if (name.startsWith(".")
          || lower.endsWith(".tmp")
          || lower.endsWith(".part")
          || lower.endsWith("~")) {
        continue;
      }
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (!a.isRegularFile()) {
        continue;
      }
      long modified = a.lastModifiedTime().toMillis();
      Seen before = seen.get(p);
      Seen now1 =
          before != null && before.size() == a.size() && before.modified() == modified
              ? before
              : new Seen(a.size(), modified, now);
      still.put(p, now1);
      boolean quietSinceWritten = !Instant.ofEpochMilli(modified).plus(settle).isAfter(now);
      boolean quietSinceSeen = !now1.since().plus(settle).isAfter(now);
      if (settle.isZero() || quietSinceWritten || quietSinceSeen) {
        files.add(p);
      }
    }
    seen.clear();
    seen.putAll(still);
    files.sort(Comparator.comparing(Outgoing::modified).thenComparing(Path::toString));
    return files.size() > max ? files.subList(0, max) : files;
  }

  /**
   * Claims a file: moves it into a new claim folder named by the message id it will be sent with.
   *
   * @return the claim folder, or null when the file went away meanwhile
   */
  Path claim(Path file) throws IOException {
    Path dir = Durable.mkdir(layout.outgoing.resolve(UUID.randomUUID().toString()));
    crash.reach(Point.OUTBOX_CLAIM_DIR);
    try {
      Durable.move(file, dir.resolve(file.getFileName()));
    } catch (NoSuchFileException e) {
      Durable.deleteTree(dir);
      return null;
    } catch (IOException e) {
      // Still open by the writer (Windows), or similar: try again next cycle.
      Durable.deleteTree(dir);
      log.info("outbox: {} is not ready yet ({})", file.getFileName(), e.getMessage());
      return null;
    }
    seen.remove(file);
    log.info("outbox: {} claimed as message {}", file.getFileName(), dir.getFileName());
    crash.reach(Point.OUTBOX_CLAIMED);
    return dir;
  }

  /** Takes a claim folder from whatever state it is in to the end, as far as possible now. */
  Result process(Path dir) throws IOException {
    String messageId = dir.getFileName().toString();
    if (Files.exists(dir.resolve(TARGET))) {
      return finish(dir);
    }
    if (Files.exists(dir.resolve(RECEIPT)) || Files.exists(dir.resolve(ERROR))) {
      return target(dir);
    }
    Path original = original(dir);
    if (original == null) {
      // Crashed between creating the folder and moving the file in: nothing was sent.
      Durable.deleteTree(dir);
      return Result.WAITING;
    }
    String name = original.getFileName().toString();
    Path pkg = original;
    if (StatusFile.isStatusFile(original)) {
      pkg = dir.resolve(PACKAGE);
      if (!Files.exists(pkg)) {
        Status status;
        try {
          status = StatusFile.read(original, organ, records);
        } catch (StatusFile.Invalid e) {
          return reject(
              dir,
              Reports.localError(
                  name, messageId, Reports.STATUS_FILE_INVALID, e.getMessage(), clock.instant()));
        }
        Path tmp = dir.resolve(PACKAGE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          EdxmlWriter.create().write(status, out);
        }
        Durable.force(tmp);
        Durable.move(tmp, pkg);
        crash.reach(Point.OUTBOX_PREPARED);
      }
    }
    Outcome<SendReceipt> outcome;
    try {
      outcome = client.send(pkg, messageId);
    } catch (PackageSummaryReader.UnreadablePackageException e) {
      return reject(
          dir,
          Reports.localError(
              name, messageId, Reports.PACKAGE_UNREADABLE, e.getMessage(), clock.instant()));
    } catch (EdxmlClientException e) {
      if (e.retryable()) {
        log.warn("outbox: {} waits: {}", name, e.getMessage());
        return Result.NODE_DOWN;
      }
      log.error("outbox: {} waits: {}", name, e.getMessage());
      return Result.WAITING;
    }
    if (outcome instanceof Outcome.Accepted<SendReceipt> accepted) {
      crash.reach(Point.OUTBOX_SENT);
      SendReceipt receipt = accepted.value();
      if ("edoc".equals(receipt.messageType())) {
        records.record(pkg);
      }
      Durable.writeString(dir.resolve(RECEIPT), Reports.receipt(name, receipt));
      log.info(
          "outbox: {} sent as message {} (document {}{})",
          name,
          messageId,
          receipt.documentId(),
          receipt.duplicate() ? ", the node already had it" : "");
      crash.reach(Point.OUTBOX_REPORTED);
      return target(dir);
    }
    Rejection rejection = outcome.rejection().orElseThrow();
    if (rejection.retryable()) {
      log.warn("outbox: {} waits: the node answered {}", name, rejection);
      return Result.WAITING;
    }
    crash.reach(Point.OUTBOX_REJECTED);
    return reject(dir, Reports.error(name, messageId, rejection, clock.instant()));
  }

  private Result reject(Path dir, String report) throws IOException {
    Durable.writeString(dir.resolve(ERROR), report);
    crash.reach(Point.OUTBOX_REPORTED);
    return target(dir);
  }

  /** Chooses free names in sent/ or failed/ and journals them. */
  private Result target(Path dir) throws IOException {
    boolean ok = Files.exists(dir.resolve(RECEIPT));
    Path original = original(dir);
    if (original == null) {
      throw new IOException(dir + " has a receipt or error report but no file; remove it by hand");
    }
    Path folder = ok ? layout.sent : layout.failed;
    String suffix = ok ? ".receipt.txt" : ".error.txt";
    String name = original.getFileName().toString();
    String id = dir.getFileName().toString();
    String chosen = name;
    if (taken(folder, chosen, suffix)) {
      int dot = name.lastIndexOf('.');
      String stem = dot > 0 ? name.substring(0, dot) : name;
      String ext = dot > 0 ? name.substring(dot) : "";
      chosen = stem + "-" + id.substring(0, Math.min(8, id.length())) + ext;
      if (taken(folder, chosen, suffix)) {
        chosen = stem + "-" + id + ext;
      }
    }
    Properties p = new Properties();
    p.setProperty("folder", folder.getFileName().toString());
    p.setProperty("name", chosen);
    StringWriter text = new StringWriter();
    p.store(text, null);
    Durable.writeString(dir.resolve(TARGET), text.toString());
    crash.reach(Point.OUTBOX_TARGET);
    return finish(dir);
  }

  private static boolean taken(Path folder, String name, String suffix) {
    return Files.exists(folder.resolve(name)) || Files.exists(folder.resolve(name + suffix));
  }

  /** Moves the report, then the file, to their journaled names and removes the claim folder. */
  private Result finish(Path dir) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve(TARGET), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    boolean ok = "sent".equals(p.getProperty("folder"));
    Path folder = ok ? layout.sent : layout.failed;
    String name = p.getProperty("name");
    Path report = dir.resolve(ok ? RECEIPT : ERROR);
    if (Files.exists(report)) {
      Durable.move(report, folder.resolve(name + (ok ? ".receipt.txt" : ".error.txt")));
      crash.reach(Point.OUTBOX_REPORT_MOVED);
    }
    Path original = original(dir);
    if (original != null) {
      Durable.move(original, folder.resolve(name));
      crash.reach(Point.OUTBOX_MOVED);
    }
    Durable.deleteTree(dir);
    if (ok) {
      log.info("outbox: {} is in sent/ with its receipt", name);
    } else {
      log.warn("outbox: {} is in failed/: see {}.error.txt", name, name);
    }
    return ok ? Result.SENT : Result.FAILED;
  }

  /** The legacy software's file in a claim folder (the only name not starting with '.'). */
  private static Path original(Path dir) throws IOException {
    for (Path p : Durable.list(dir)) {
      if (!p.getFileName().toString().startsWith(".")) {
        return p;
      }
    }
    return null;
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }
}
