package vn.edxml.node.bench.store;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVStoreTool;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.client.internal.Json;
import vn.edxml.model.DocumentId;
import vn.edxml.model.StatusCode;
import vn.edxml.node.store.CertificateRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.Stores;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.HopTrace;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.schema.envelope.ObjectFactory;

/**
 * Fills an empty node store with a realistic history, fast: batched JDBC inserts into the node's
 * own schema (created by the node's own migrations), row for row what the node writes when it
 * accepts a message from an organ ({@code ExchangeService.send} → {@code JdbcMessageStore.store}:
 * the message with its stored Interchange envelope, the {@code new_documents} row of a new
 * document, the {@code status_once} row of a status, one delivery and its "accepted" and
 * "delivered" trace events per recipient of a document, one "status" trace event per recipient of a
 * status) and when a recipient confirms it ({@code JdbcMessageStore.confirm}: the delivery becomes
 * "confirmed" and a "confirmed" trace event is appended). Payload files are not written: listing,
 * sending and confirming never read them (fetching does).
 *
 * <p>The history, deterministic for a seed: over the year before the last two days, organs send
 * documents to one, two or three other organs (new documents, and a few updates); every recipient
 * confirmed what it got, and most answered with status 01 ("đã đến"), about half of those later
 * with 03 ("đã tiếp nhận"), which their issuers confirmed as well. In the last two days each organ
 * received its waiting backlog ({@link Plan#backlog}), not fetched yet: mostly documents, some
 * further statuses (03, 04, 06) about documents it issued earlier. Message row ids follow the
 * arrival order, as when the node stores them one by one; afterwards the identity continues after
 * the last one and the tables are analysed, and an H2 file is compacted (the bulk load leaves most
 * of the file as old page versions, which a node would otherwise spend its first minutes compacting
 * in the background), as in a database that has been running for a while.
 *
 * <p>One thread makes the rows, {@code writers} threads insert them, each batch of {@value #BATCH}
 * messages with all their rows in one transaction on its own connection (batches share no keys),
 * each table's rows in the order of its most random index. The rows are the same as in arrival
 * order; only the ids of trace events of different documents (which order nothing) differ.
 *
 * <p>The directory (organs and their certificates) is written the way {@code Directory.putOrgan}
 * and {@code Directory.registerCertificate} write it: local organs (home node this node) and the
 * certificate records {@code Directory.record} makes.
 */
public final class StoreFiller {

  /**
   * Messages per transaction. Large, because H2 saves every changed page whole, each megabyte or so
   * of changes: rows inserted in index order within a large batch change each page of a randomly
   * filled index about once per batch instead of once per row (measured: a fill about twice as fast
   * as with 1,000 messages per transaction in arrival order).
   */
  static final int BATCH = 20_000;

  private static final long PROGRESS_NANOS = Duration.ofSeconds(2).toNanos();
  private static final Duration HISTORY = Duration.ofDays(365);
  private static final Duration RECENT = Duration.ofDays(2);
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final HexFormat HEX = HexFormat.of();

  private static final String[] SUBJECTS = {
    "V/v triển khai liên thông văn bản điện tử",
    "V/v báo cáo tình hình thực hiện nhiệm vụ quý",
    "V/v mời họp giao ban công tác",
    "V/v góp ý dự thảo quy chế phối hợp",
    "V/v cung cấp số liệu thống kê",
    "V/v tăng cường công tác cải cách hành chính",
    "V/v phân bổ kinh phí năm",
    "V/v cử cán bộ tham gia tập huấn"
  };
  private static final String[] NOTATIONS = {"UBND-VP", "UBND-KT", "SNV-VP", "STC-NS", "SYT-KHTC"};

  /** Statuses an organ sends about a document it received, in the order it sends them. */
  private static final StatusCode[] STATUSES = {
    StatusCode.RECEIVED, StatusCode.ACCEPTED, StatusCode.ASSIGNED, StatusCode.COMPLETED
  };

  private final String url;
  private final String user;
  private final String password;
  private final int writers;
  private final PrintWriter progress;
  private final Duration timeout;

  /**
   * @param url JDBC URL of an empty (or not yet existing) database: an H2 file or PostgreSQL
   * @param writers threads inserting rows, each on its own connection
   * @param progress where progress lines go (standard error)
   * @param timeout the fill fails when it takes longer
   */
  public StoreFiller(
      String url,
      String user,
      String password,
      int writers,
      PrintWriter progress,
      Duration timeout) {
    if (writers < 1) {
      throw new IllegalArgumentException("writers must be at least 1");
    }
    this.url = url;
    this.user = user;
    this.password = password == null ? "" : password;
    this.writers = writers;
    this.progress = progress;
    this.timeout = timeout;
  }

  /**
   * Creates the schema with the node's migrations and writes the directory and, when {@code
   * withMessages}, the plan's messages.
   *
   * @param certificates one certificate record per organ of the plan, in the plan's order
   * @throws BenchException when the database is not empty, cannot be reached or written, or the
   *     fill takes longer than the timeout
   */
  public Report fill(Plan plan, List<CertificateRecord> certificates, boolean withMessages) {
    if (certificates.size() != plan.organs().size()) {
      throw new IllegalArgumentException("one certificate per organ is needed");
    }
    long started = System.nanoTime();
    migrate();
    Counts counts = new Counts();
    try {
      try (Connection c = connect()) {
        directory(c, plan, certificates);
      }
      if (withMessages) {
        new Load(plan, counts, started).run();
      }
      long compacting = System.nanoTime();
      try (Connection c = connect();
          Statement st = c.createStatement()) {
        // as if the node had stored them one by one: its next message gets the next id
        st.execute("ALTER TABLE messages ALTER COLUMN id RESTART WITH " + (counts.messages + 1));
        st.execute("ANALYZE");
        c.commit();
        if (isH2File(url)) {
          st.execute("SHUTDOWN");
        }
      }
      if (isH2File(url)) {
        compact(h2File(url));
      }
      long done = System.nanoTime();
      return new Report(
          plan.organs().size(),
          certificates.size(),
          counts.messages,
          counts.edocs,
          counts.statuses,
          counts.newDocuments,
          counts.statusOnce,
          counts.deliveries,
          counts.waiting,
          counts.traces,
          Duration.ofNanos(done - started),
          Duration.ofNanos(done - compacting));
    } catch (SQLException e) {
      throw new BenchException("cannot fill the store " + redact(url) + ": " + describe(e), e);
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    c.setAutoCommit(false);
    return c;
  }

  /**
   * Rewrites a closed H2 file with only its live pages, uncompressed, as H2's own {@code SHUTDOWN
   * COMPACT} does except that it compresses every page (a node's own database never is). The bulk
   * load leaves most of the file as old page versions, which a node would otherwise spend its first
   * minutes compacting in the background.
   */
  private static void compact(Path file) {
    String name = file.toString();
    try {
      MVStoreTool.compact(name, name + ".compacting", false);
      MVStoreTool.moveAtomicReplace(name + ".compacting", name);
    } catch (RuntimeException e) {
      throw new BenchException("cannot compact " + file + ": " + e.getMessage(), e);
    }
  }

  /** The {@code .mv.db} file of an H2 file URL. */
  static Path h2File(String url) {
    String path = url.substring("jdbc:h2:".length());
    path = path.regionMatches(true, 0, "file:", 0, 5) ? path.substring(5) : path;
    path = path.contains(";") ? path.substring(0, path.indexOf(';')) : path;
    path = path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
    return Path.of(path + ".mv.db");
  }

  /** An embedded H2 database in a file (not in memory, not on an H2 server). */
  static boolean isH2File(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    return u.startsWith("jdbc:h2:")
        && !u.startsWith("jdbc:h2:mem:")
        && !u.startsWith("jdbc:h2:tcp:")
        && !u.startsWith("jdbc:h2:ssl:");
  }

  private static String describe(SQLException e) {
    return e.getMessage() + " (SQL state " + e.getSQLState() + ")";
  }

  /** Applies the node's migrations and refuses a database that holds anything already. */
  private void migrate() {
    try (MessageStore store =
        Stores.messageStore(url).user(user).password(password).h2Sync(false).open()) {
      long messages = store.stats().messages();
      boolean organs = !store.organs(null, null, 1).isEmpty();
      if (messages > 0 || organs) {
        throw new BenchException(
            "the store "
                + redact(url)
                + " is not empty ("
                + messages
                + " messages"
                + (organs ? ", organs in the directory" : "")
                + "): give a new, empty database; the benchmark fills it itself");
      }
    } catch (StoreException e) {
      throw new BenchException("cannot open the store " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  private static void directory(Connection c, Plan plan, List<CertificateRecord> certificates)
      throws SQLException {
    try (PreparedStatement organs =
            c.prepareStatement(
                "INSERT INTO organs (code, name, name_folded, parent_code, home_node, is_local)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement certs =
            c.prepareStatement(
                "INSERT INTO certificates (fingerprint, organ_code, subject, serial, not_before,"
                    + " not_after, pem, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < plan.organs().size(); i++) {
        String code = plan.organs().get(i);
        String name = Plan.organName(code);
        organs.setString(1, code);
        organs.setString(2, name);
        organs.setString(3, name.toLowerCase(Locale.ROOT));
        organs.setNull(4, Types.VARCHAR);
        organs.setString(5, plan.nodeId());
        organs.setBoolean(6, true);
        organs.addBatch();
        CertificateRecord cert = certificates.get(i);
        if (!cert.organCode().equals(code)) {
          throw new IllegalArgumentException(
              "certificate " + i + " is for " + cert.organCode() + ", not " + code);
        }
        certs.setString(1, cert.fingerprint().toLowerCase(Locale.ROOT));
        certs.setString(2, code);
        certs.setString(3, cert.subject());
        certs.setString(4, cert.serial());
        setInstant(certs, 5, cert.notBefore());
        setInstant(certs, 6, cert.notAfter());
        certs.setString(7, cert.pem());
        setInstant(certs, 8, cert.revokedAt());
        certs.addBatch();
        if ((i + 1) % BATCH == 0) {
          organs.executeBatch();
          certs.executeBatch();
        }
      }
      organs.executeBatch();
      certs.executeBatch();
      c.commit();
    }
  }

  /** As {@code Database.setInstant}: UTC, truncated to the microsecond. */
  private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(
          index, OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }
  }

  /** A JDBC URL without anything that could be a secret (PostgreSQL allows password=...). */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  // ------------------------------------------------------------------ plan and report

  /**
   * What to fill: the organs (codes {@code 001.00.00.H99}, {@code 001.00.01.H99}, …, all local to
   * node {@code nodeId}), the number of messages, and each organ's waiting backlog, drawn uniformly
   * from 0 to {@code backlogMax} (lowered to messages ÷ organs when there are few messages, so that
   * the backlog never outweighs the history). Deterministic for a seed.
   */
  public static final class Plan {
    private final String nodeId;
    private final List<String> organs;
    private final int[] backlog;
    private final long messages;
    private final long seed;
    private final Instant now;
    private final int backlogMax;

    private Plan(
        String nodeId,
        List<String> organs,
        int[] backlog,
        long messages,
        long seed,
        Instant now,
        int backlogMax) {
      this.nodeId = nodeId;
      this.organs = organs;
      this.backlog = backlog;
      this.messages = messages;
      this.seed = seed;
      this.now = now;
      this.backlogMax = backlogMax;
    }

    /**
     * @param now the end of the history: the newest message arrives just before it
     */
    public static Plan of(
        String nodeId, int organs, long messages, int backlogMax, long seed, Instant now) {
      if (organs < 2 || organs > 990_000) {
        throw new IllegalArgumentException("organs must be 2 to 990,000, not " + organs);
      }
      if (messages < 0) {
        throw new IllegalArgumentException("messages must not be negative");
      }
      if (backlogMax < 0) {
        throw new IllegalArgumentException("backlogMax must not be negative");
      }
      List<String> codes = new ArrayList<>(organs);
      for (int i = 0; i < organs; i++) {
        codes.add(organCode(i));
      }
      int max = (int) Math.min(backlogMax, messages / organs);
      SplittableRandom random = new SplittableRandom(seed);
      int[] backlog = new int[organs];
      for (int i = 0; i < organs; i++) {
        backlog[i] = random.nextInt(max + 1);
      }
      return new Plan(
          nodeId,
          List.copyOf(codes),
          backlog,
          messages,
          seed,
          now.truncatedTo(ChronoUnit.MICROS),
          max);
    }

    /** The code of organ {@code i} (0-based). */
    public static String organCode(int i) {
      return String.format(
          Locale.ROOT, "%03d.%02d.%02d.H99", 1 + i / 10_000, (i / 100) % 100, i % 100);
    }

    static String organName(String code) {
      return "Cơ quan " + code;
    }

    public String nodeId() {
      return nodeId;
    }

    public List<String> organs() {
      return organs;
    }

    public long messages() {
      return messages;
    }

    /** The backlog drawn per organ: from 0 to this. */
    public int backlogMax() {
      return backlogMax;
    }

    /** Messages waiting for organ {@code i} after the fill. */
    public int backlog(int i) {
      return backlog[i];
    }

    /** Messages waiting in all mailboxes after the fill. */
    public long waiting() {
      long sum = 0;
      for (int b : backlog) {
        sum += b;
      }
      return sum;
    }

    /** Indexes of the organs with at least one waiting message. */
    public List<Integer> organsWithBacklog() {
      List<Integer> result = new ArrayList<>();
      for (int i = 0; i < backlog.length; i++) {
        if (backlog[i] > 0) {
          result.add(i);
        }
      }
      return result;
    }
  }

  /**
   * What a fill wrote.
   *
   * @param waiting deliveries waiting in a mailbox (state delivered)
   * @param elapsed the whole fill, migrations to compaction
   * @param compaction the final ANALYZE and (H2) compaction
   */
  public record Report(
      int organs,
      int certificates,
      long messages,
      long edocs,
      long statuses,
      long newDocuments,
      long statusOnce,
      long deliveries,
      long waiting,
      long traces,
      Duration elapsed,
      Duration compaction) {

    public long rows() {
      return organs + certificates + messages + newDocuments + statusOnce + deliveries + traces;
    }

    Json json() {
      return Json.object()
          .put("organs", organs)
          .put("certificates", certificates)
          .put("messages", messages)
          .put("edocs", edocs)
          .put("statuses", statuses)
          .put("newDocuments", newDocuments)
          .put("statusOnce", statusOnce)
          .put("deliveries", deliveries)
          .put("waitingDeliveries", waiting)
          .put("traceEvents", traces)
          .put("rows", rows())
          .put("seconds", elapsed.toMillis() / 1000.0)
          .put("compactSeconds", compaction.toMillis() / 1000.0);
    }
  }

  /** What the generator made so far. */
  private static final class Counts {
    long messages;
    long edocs;
    long statuses;
    long newDocuments;
    long statusOnce;
    long deliveries;
    long waiting;
    long traces;
  }

  // ------------------------------------------------------------------ rows

  private record MessageRow(
      long pk,
      String sender,
      String messageId,
      MessageType type,
      String documentId,
      Integer businessType,
      String statusCode,
      String subject,
      String sha256,
      long size,
      String interchangeXml,
      Instant receivedAt) {}

  /** A new_documents row (sender and code null) or a status_once row. */
  private record KeyRow(String documentId, String sender, String code, long pk) {}

  /** A delivery: waiting in the mailbox ({@code confirmedAt} null) or confirmed. */
  private record DeliveryRow(long pk, String recipient, Instant receivedAt, Instant confirmedAt) {}

  private record TraceRow(
      String documentId,
      String recipient,
      Instant at,
      String kind,
      String value,
      String actor,
      String messageId,
      String detail) {}

  /** The rows of {@value #BATCH} consecutive messages: one transaction. */
  private static final class Batch {
    final List<MessageRow> messages = new ArrayList<>(BATCH);
    final List<KeyRow> newDocuments = new ArrayList<>();
    final List<KeyRow> statusOnce = new ArrayList<>();
    final List<DeliveryRow> deliveries = new ArrayList<>();
    final List<TraceRow> traces = new ArrayList<>();

    long rows() {
      return messages.size()
          + newDocuments.size()
          + statusOnce.size()
          + deliveries.size()
          + traces.size();
    }
  }

  /** Tells a writer that no batch follows. */
  private static final Batch END = new Batch();

  // ------------------------------------------------------------------ generator and writers

  /** One generator (the calling thread) hands batches to the writer threads. */
  private final class Load {
    private final Plan plan;
    private final Counts counts;
    private final long started;
    private final long deadline;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2 * writers);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong writtenMessages = new AtomicLong();
    private final AtomicLong writtenRows = new AtomicLong();
    private long lastProgress = System.nanoTime();
    private long lastDone;

    Load(Plan plan, Counts counts, long started) {
      this.plan = plan;
      this.counts = counts;
      this.started = started;
      this.deadline = started + timeout.toNanos();
    }

    void run() throws SQLException {
      AtomicInteger names = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              writers,
              r -> {
                Thread t = new Thread(r, "store-filler-" + names.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          running.add(pool.submit(this::write));
        }
        try {
          new Generator(plan, counts, this::hand).run();
          for (int i = 0; i < writers; i++) {
            hand(END);
          }
          for (Future<?> f : running) {
            awaitWriter(f);
          }
        } catch (RuntimeException | SQLException e) {
          failure.compareAndSet(null, e);
        }
        Throwable failed = failure.get();
        if (failed instanceof SQLException e) {
          throw e;
        }
        if (failed instanceof RuntimeException e) {
          throw e;
        }
        if (failed != null) {
          throw new IllegalStateException("a fill thread failed", failed);
        }
        progress(true);
      } finally {
        pool.shutdownNow();
        try {
          if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            progress.println("fill: a writer thread did not stop within 30 s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Puts a batch on the queue, printing progress while it waits; fails past the deadline. */
    private void hand(Batch batch) {
      try {
        while (!queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
          stopIfFailedOrLate();
          progress(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("the fill was interrupted", e);
      }
      stopIfFailedOrLate();
      progress(false);
    }

    private void awaitWriter(Future<?> writer) throws SQLException {
      while (true) {
        try {
          writer.get(200, TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException e) {
          stopIfFailedOrLate();
          progress(false);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SQLException s) {
            throw s;
          }
          throw new IllegalStateException("a fill writer failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BenchException("the fill was interrupted", e);
        }
      }
    }

    private void stopIfFailedOrLate() {
      Throwable failed = failure.get();
      if (failed != null) {
        throw new BenchException("a fill writer failed: " + failed.getMessage(), failed);
      }
      if (System.nanoTime() - deadline > 0) {
        BenchException late =
            new BenchException(
                "the fill did not finish within "
                    + seconds(timeout.toNanos())
                    + " ("
                    + writtenMessages.get()
                    + " of "
                    + plan.messages
                    + " messages written): give a longer --fill-timeout or fewer --messages");
        failure.compareAndSet(null, late);
        throw late;
      }
    }

    /** A writer: takes batches until {@link #END}, a failure or the deadline. */
    private Void write() throws SQLException {
      try (Connection c = connect();
          Statements statements = new Statements(c, plan.nodeId)) {
        while (failure.get() == null && System.nanoTime() - deadline < 0) {
          Batch batch = queue.poll(200, TimeUnit.MILLISECONDS);
          if (batch == END) {
            return null;
          }
          if (batch != null) {
            statements.write(batch);
            c.commit();
            writtenMessages.addAndGet(batch.messages.size());
            writtenRows.addAndGet(batch.rows());
          }
        }
        return null;
      } catch (SQLException | RuntimeException e) {
        failure.compareAndSet(null, e);
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    private void progress(boolean last) {
      long now = System.nanoTime();
      long done = writtenMessages.get();
      boolean due =
          done == lastDone
              ? now - lastProgress >= 5 * PROGRESS_NANOS // still writing a batch
              : now - lastProgress >= PROGRESS_NANOS;
      if (!last && (done == 0 || !due)) {
        return;
      }
      lastProgress = now;
      lastDone = done;
      long elapsed = Math.max(1, now - started);
      double rate = done * 1e9 / elapsed;
      String tail =
          last
              ? ", done in " + seconds(elapsed)
              : rate > 0
                  ? ", " + seconds((long) ((plan.messages - done) / rate * 1e9)) + " to go"
                  : "";
      progress.printf(
          Locale.ROOT,
          "fill: %,d/%,d messages (%.1f %%), %,d rows, %,.0f rows/s, %,.0f messages/s%s%n",
          done,
          plan.messages,
          plan.messages == 0 ? 100.0 : done * 100.0 / plan.messages,
          writtenRows.get(),
          writtenRows.get() * 1e9 / elapsed,
          rate,
          tail);
      progress.flush();
    }
  }

  /** The five INSERT statements of one writer, in the node's insert order. */
  private static final class Statements implements AutoCloseable {
    private final List<PreparedStatement> all = new ArrayList<>();
    private final PreparedStatement messages;
    private final PreparedStatement newDocuments;
    private final PreparedStatement statusOnce;
    private final PreparedStatement deliveries;
    private final PreparedStatement traces;
    private final String nodeId;

    Statements(Connection c, String nodeId) throws SQLException {
      this.nodeId = nodeId;
      try {
        messages =
            prepare(
                c,
                "INSERT INTO messages (id, sender, message_id, message_type, document_id,"
                    + " business_type, status_code, subject, payload_sha256, payload_size,"
                    + " interchange_xml, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        newDocuments =
            prepare(c, "INSERT INTO new_documents (document_id, message_pk) VALUES (?, ?)");
        statusOnce =
            prepare(
                c,
                "INSERT INTO status_once (document_id, status_sender, status_code, message_pk)"
                    + " VALUES (?, ?, ?, ?)");
        deliveries =
            prepare(
                c,
                "INSERT INTO deliveries (message_pk, recipient, state, next_node, received_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?)");
        traces =
            prepare(
                c,
                "INSERT INTO trace_events (document_id, recipient, event_at, kind, event_value,"
                    + " actor, node, message_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      } catch (SQLException | RuntimeException e) {
        close();
        throw e;
      }
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
      PreparedStatement ps = c.prepareStatement(sql);
      all.add(ps);
      return ps;
    }

    /**
     * Inserts a batch, each table's rows in the order of its randomly filled index (stable: the
     * trace events of one document keep their order, and so their relative ids).
     */
    void write(Batch b) throws SQLException {
      b.messages.sort(Comparator.comparing(MessageRow::sender));
      b.newDocuments.sort(Comparator.comparing(KeyRow::documentId));
      b.statusOnce.sort(Comparator.comparing(KeyRow::documentId));
      b.deliveries.sort(Comparator.comparing(DeliveryRow::recipient));
      b.traces.sort(Comparator.comparing(TraceRow::documentId));
      for (MessageRow m : b.messages) {
        messages.setLong(1, m.pk());
        messages.setString(2, m.sender());
        messages.setString(3, m.messageId());
        messages.setString(4, m.type().value());
        messages.setString(5, m.documentId());
        if (m.businessType() == null) {
          messages.setNull(6, Types.SMALLINT);
        } else {
          messages.setShort(6, m.businessType().shortValue());
        }
        messages.setString(7, m.statusCode());
        messages.setString(8, m.subject());
        messages.setString(9, m.sha256());
        messages.setLong(10, m.size());
        messages.setString(11, m.interchangeXml());
        setInstant(messages, 12, m.receivedAt());
        messages.addBatch();
      }
      messages.executeBatch();
      for (KeyRow k : b.newDocuments) {
        newDocuments.setString(1, k.documentId());
        newDocuments.setLong(2, k.pk());
        newDocuments.addBatch();
      }
      newDocuments.executeBatch();
      for (KeyRow k : b.statusOnce) {
        statusOnce.setString(1, k.documentId());
        statusOnce.setString(2, k.sender());
        statusOnce.setString(3, k.code());
        statusOnce.setLong(4, k.pk());
        statusOnce.addBatch();
      }
      statusOnce.executeBatch();
      for (DeliveryRow d : b.deliveries) {
        deliveries.setLong(1, d.pk());
        deliveries.setString(2, d.recipient());
        deliveries.setString(3, d.confirmedAt() == null ? "delivered" : "confirmed");
        deliveries.setNull(4, Types.VARCHAR);
        setInstant(deliveries, 5, d.receivedAt());
        setInstant(deliveries, 6, d.confirmedAt() == null ? d.receivedAt() : d.confirmedAt());
        deliveries.addBatch();
      }
      deliveries.executeBatch();
      for (TraceRow t : b.traces) {
        traces.setString(1, t.documentId());
        traces.setString(2, t.recipient());
        setInstant(traces, 3, t.at());
        traces.setString(4, t.kind());
        traces.setString(5, t.value());
        traces.setString(6, t.actor());
        traces.setString(7, nodeId);
        traces.setString(8, t.messageId());
        traces.setString(9, t.detail());
        traces.addBatch();
      }
      traces.executeBatch();
    }

    @Override
    public void close() throws SQLException {
      SQLException first = null;
      for (PreparedStatement ps : all) {
        try {
          ps.close();
        } catch (SQLException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /** One recipient of a document, and how many statuses it has sent about it. */
  private static final class Receipt {
    final String documentId;
    final int issuer;
    final int recipient;
    int statusesSent;

    Receipt(String documentId, int issuer, int recipient) {
      this.documentId = documentId;
      this.issuer = issuer;
      this.recipient = recipient;
    }
  }

  /** A status a recipient sends once the history reaches message number {@code due}. */
  private record Scheduled(long due, Receipt receipt) {}

  /** Makes the plan's messages in arrival order, in batches. */
  private static final class Generator {
    private final Plan plan;
    private final Counts counts;
    private final java.util.function.Consumer<Batch> hand;
    private final SplittableRandom random;
    private final Marshaller marshaller;
    private final ObjectFactory envelopes = new ObjectFactory();
    private final int organs;
    private final int[] numbers;
    private final Receipt[] lastIssued;
    private final long end;
    private final long recentStart;
    private final long historyStart;
    private final long history;
    private Batch batch = new Batch();

    Generator(Plan plan, Counts counts, java.util.function.Consumer<Batch> hand) {
      this.plan = plan;
      this.counts = counts;
      this.hand = hand;
      this.random = new SplittableRandom(plan.seed ^ 0x6A09E667F3BCC909L);
      try {
        marshaller = JAXBContext.newInstance(Interchange.class).createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
      } catch (JAXBException e) {
        throw new IllegalStateException("cannot write Interchange envelopes", e);
      }
      this.organs = plan.organs.size();
      this.numbers = new int[organs];
      this.lastIssued = new Receipt[organs];
      this.end = micros(plan.now) - 60_000_000L;
      this.recentStart = end - RECENT.toNanos() / 1_000;
      this.historyStart = recentStart - HISTORY.toNanos() / 1_000;
      this.history = plan.messages - plan.waiting();
    }

    void run() {
      PriorityQueue<Scheduled> due = new PriorityQueue<>((a, b) -> Long.compare(a.due(), b.due()));
      long span = recentStart - historyStart;
      long step = Math.max(1, span / Math.max(1, history));
      for (long i = 0; i < history; i++) {
        long at = historyStart + (long) ((i + random.nextDouble()) * span / history);
        Scheduled next = due.peek();
        if (next != null && next.due() <= i) {
          due.poll();
          status(next.receipt(), i, at, step, due);
        } else {
          document(i, at, step, due);
        }
        handIfFull();
      }
      backlog();
      if (!batch.messages.isEmpty()) {
        hand.accept(batch);
      }
    }

    private void handIfFull() {
      if (batch.messages.size() == BATCH) {
        hand.accept(batch);
        batch = new Batch();
      }
    }

    /**
     * A document from a random organ to 1 (80 %), 2 (15 %) or 3 (5 %) others, each of whom confirms
     * it and, 6 times in 10, answers with status 01 some messages later.
     */
    private void document(long index, long at, long step, PriorityQueue<Scheduled> due) {
      int issuer = random.nextInt(organs);
      double draw = random.nextDouble();
      int count = Math.min(organs - 1, draw < 0.80 ? 1 : draw < 0.95 ? 2 : 3);
      List<Integer> recipients = new ArrayList<>(count);
      while (recipients.size() < count) {
        int r = random.nextInt(organs);
        if (r != issuer && !recipients.contains(r)) {
          recipients.add(r);
        }
      }
      long[] lags = new long[count];
      long[] confirmed = new long[count];
      for (int k = 0; k < count; k++) {
        lags[k] = 1 + random.nextInt(400);
        confirmed[k] = confirmation(at, (lags[k] - 1) * step); // before the status it leads to
      }
      int businessType = random.nextDouble() < 0.98 ? 0 : 2;
      String documentId = edoc(issuer, recipients, at, businessType, confirmed);
      for (int k = 0; k < count; k++) {
        Receipt receipt = new Receipt(documentId, issuer, recipients.get(k));
        if (random.nextDouble() < 0.6) {
          due.add(new Scheduled(index + lags[k], receipt));
        }
        if (k == 0) {
          lastIssued[issuer] = receipt;
        }
      }
    }

    /** A recipient's next status about a document, confirmed by the issuer; 01 may lead to 03. */
    private void status(
        Receipt receipt, long index, long at, long step, PriorityQueue<Scheduled> due) {
      long lag = 1 + random.nextInt(400);
      statusMessage(receipt, at, confirmation(at, (lag - 1) * step));
      if (receipt.statusesSent == 1 && random.nextDouble() < 0.5) {
        due.add(new Scheduled(index + lag, receipt));
      }
    }

    /** Somewhere within {@code within} after {@code at}, and before the history's end. */
    private long confirmation(long at, long within) {
      return Math.min(end, at + 1 + (long) (within * (0.1 + 0.8 * random.nextDouble())));
    }

    /** The last two days: each organ's backlog, in random order, none fetched yet. */
    private void backlog() {
      int total = Math.toIntExact(plan.waiting());
      int[] slots = new int[total];
      int n = 0;
      for (int organ = 0; organ < organs; organ++) {
        for (int k = 0; k < plan.backlog(organ); k++) {
          slots[n++] = organ;
        }
      }
      for (int i = total - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = slots[i];
        slots[i] = slots[j];
        slots[j] = t;
      }
      long span = end - recentStart;
      for (int i = 0; i < total; i++) {
        long at = recentStart + (long) ((i + random.nextDouble()) * span / total);
        int organ = slots[i];
        Receipt earlier = lastIssued[organ];
        if (earlier != null
            && earlier.statusesSent < STATUSES.length
            && random.nextDouble() < 0.25) {
          statusMessage(earlier, at, -1);
        } else {
          int sender = random.nextInt(organs - 1);
          edoc(sender >= organ ? sender + 1 : sender, List.of(organ), at, 0, null);
        }
        handIfFull();
      }
    }

    /**
     * A document as the node stores it on SendDocument and, for each recipient with a confirmation
     * time, as it updates it on ConfirmReceived.
     *
     * @param confirmed per recipient, when it confirmed (epoch microseconds); null: all waiting
     * @return its DocumentId
     */
    private String edoc(
        int issuer, List<Integer> recipients, long at, int businessType, long[] confirmed) {
      long pk = ++counts.messages;
      counts.edocs++;
      String sender = code(issuer);
      int number = ++numbers[issuer];
      Instant received = instant(at);
      LocalDate date =
          received.minus(random.nextInt(4), ChronoUnit.DAYS).atZone(ZONE).toLocalDate();
      String documentId =
          DocumentId.of(
                  sender, date, Integer.toString(number), NOTATIONS[issuer % NOTATIONS.length])
              .toString();
      String messageId = uuid();
      List<String> to = new ArrayList<>(recipients.size());
      for (int r : recipients) {
        to.add(code(r));
      }
      message(
          pk,
          sender,
          messageId,
          MessageType.EDOC,
          documentId,
          businessType,
          null,
          SUBJECTS[random.nextInt(SUBJECTS.length)] + " số " + number,
          to,
          (long) (8_192 * Math.pow(512, random.nextDouble())), // 8 KB to 4 MB
          received);
      if (businessType == 0) {
        batch.newDocuments.add(new KeyRow(documentId, null, null, pk));
        counts.newDocuments++;
      }
      for (int k = 0; k < to.size(); k++) {
        String recipient = to.get(k);
        Instant confirmedAt = confirmed == null ? null : instant(confirmed[k]);
        delivery(pk, recipient, received, confirmedAt);
        trace(documentId, recipient, received, "transport", "accepted", sender, messageId, null);
        trace(documentId, recipient, received, "transport", "delivered", sender, messageId, null);
        if (confirmedAt != null) {
          trace(
              documentId,
              recipient,
              confirmedAt,
              "transport",
              "confirmed",
              recipient,
              messageId,
              null);
        }
      }
      return documentId;
    }

    /**
     * The recipient's next status about a document as the node stores it on SendStatus (to the
     * issuer, recorded once) and, unless {@code confirmed} is negative, the issuer's confirmation.
     */
    private void statusMessage(Receipt receipt, long at, long confirmed) {
      long pk = ++counts.messages;
      counts.statuses++;
      StatusCode status = STATUSES[receipt.statusesSent++];
      String sender = code(receipt.recipient);
      String issuer = code(receipt.issuer);
      String messageId = uuid();
      Instant received = instant(at);
      String description = status.vietnameseName();
      message(
          pk,
          sender,
          messageId,
          MessageType.STATUS,
          receipt.documentId,
          null,
          status.code(),
          description,
          List.of(),
          1_200 + random.nextInt(1_300),
          received);
      batch.statusOnce.add(new KeyRow(receipt.documentId, sender, status.code(), pk));
      counts.statusOnce++;
      Instant confirmedAt = confirmed < 0 ? null : instant(confirmed);
      delivery(pk, issuer, received, confirmedAt);
      trace(
          receipt.documentId,
          sender,
          received,
          "status",
          status.code(),
          sender,
          messageId,
          description);
      if (confirmedAt != null) {
        trace(
            receipt.documentId,
            issuer,
            confirmedAt,
            "transport",
            "confirmed",
            issuer,
            messageId,
            null);
      }
    }

    private void message(
        long pk,
        String sender,
        String messageId,
        MessageType type,
        String documentId,
        Integer businessType,
        String statusCode,
        String subject,
        List<String> to,
        long size,
        Instant received) {
      byte[] sha256 = new byte[32];
      random.nextBytes(sha256);
      Instant sentAt = received.minusMillis(20 + random.nextInt(400));
      batch.messages.add(
          new MessageRow(
              pk,
              sender,
              messageId,
              type,
              documentId,
              businessType,
              statusCode,
              subject,
              HEX.formatHex(sha256),
              size,
              envelope(messageId, sender, to, type, documentId, sha256, size, sentAt, received),
              received));
    }

    private void delivery(long pk, String recipient, Instant received, Instant confirmedAt) {
      batch.deliveries.add(new DeliveryRow(pk, recipient, received, confirmedAt));
      counts.deliveries++;
      if (confirmedAt == null) {
        counts.waiting++;
      }
    }

    private void trace(
        String documentId,
        String recipient,
        Instant at,
        String kind,
        String value,
        String actor,
        String messageId,
        String detail) {
      batch.traces.add(
          new TraceRow(documentId, recipient, at, kind, value, actor, messageId, detail));
      counts.traces++;
    }

    /**
     * The envelope as the node keeps it: the organ's Interchange (as {@code EdxmlClient} sends it:
     * no To for a status) with this node's hop appended.
     */
    private String envelope(
        String messageId,
        String from,
        List<String> to,
        MessageType type,
        String documentId,
        byte[] sha256,
        long size,
        Instant sentAt,
        Instant received) {
      Interchange ix =
          Interchanges.send(messageId, from, to, type, documentId, sha256, size, sentAt);
      HopTrace hops = new HopTrace();
      Hop hop = new Hop();
      hop.setNode(plan.nodeId);
      hop.setReceivedAt(received);
      hops.getHop().add(hop);
      ix.setHopTrace(hops);
      StringWriter out = new StringWriter(768);
      try {
        marshaller.marshal(envelopes.createInterchange(ix), out);
      } catch (JAXBException e) {
        throw new IllegalStateException("cannot write the Interchange of " + messageId, e);
      }
      return out.toString();
    }

    private String code(int organ) {
      return plan.organs.get(organ);
    }

    /** A random (version 4) UUID from the seeded generator, as clients make message ids. */
    private String uuid() {
      long high = (random.nextLong() & ~0xF000L) | 0x4000L;
      long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(high, low).toString();
    }
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  static String seconds(long nanos) {
    long s = Math.round(nanos / 1e9);
    return s < 60 ? s + " s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
