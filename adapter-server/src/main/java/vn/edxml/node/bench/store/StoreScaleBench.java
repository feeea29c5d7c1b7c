package vn.edxml.node.bench.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.RetryPolicy;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.internal.Json;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;
import vn.edxml.node.Folders;
import vn.edxml.node.Node;
import vn.edxml.node.bench.JitWatch;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.directory.Directory;
import vn.edxml.node.store.BackgroundSweep;
import vn.edxml.node.store.CertificateRecord;
import vn.edxml.node.store.PendingRecord;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.pki.Pem;

/**
 * The store-scale benchmark (issue 5, item 5): "with 1,000,000 stored messages across 10,000
 * organs, GetPendingDocuments p99 ≤ 20 ms and SendDocument throughput within 20 % of an empty
 * store".
 *
 * <p>One run: a test PKI made in memory (CA, node key, a key for every organ that calls, a
 * certificate for every organ); two stores with the same directory, one without messages and one
 * filled by {@link StoreFiller}; then a real node on each ({@link Node#start} on 127.0.0.1, a free
 * port, every setting at its default), both running at once and measured alike through signed SOAP
 * calls of the real client ({@link EdxmlClient}), so that the JIT and whatever else the machine
 * does affect both the same way:
 *
 * <ol>
 *   <li>warm-up: {@code clients} senders and one lister, alternating between the nodes, for {@code
 *       warmup};
 *   <li>a listing warm-up: GetPendingDocuments alone, one call at a time as measured, alternating
 *       between the nodes, until the JIT compilers are quiet or {@code pendingWarmup} has passed
 *       (under the shared warm-up the lister competes with the senders for two cores and makes few
 *       calls, and the C2 compiler was seen taking a quarter of the machine through the measured
 *       listings);
 *   <li>GetPendingDocuments: {@code pendingCalls} calls one after another on each node, paired call
 *       by call, each for one of {@code pendingOrgans} organs with a waiting backlog (chosen at
 *       random from the plan), with the number of listed messages checked against the plan; then
 *       the same listings straight on the nodes' stores, to tell the database's share from the SOAP
 *       and security stack's;
 *   <li>SendDocument: {@code clients} threads, one organ each, sending {@code documentBytes}
 *       documents to random other organs (never to the listed organs, whose backlogs stay as
 *       planned), for {@code duration} per node in slices of at most 15 s that alternate between
 *       the nodes.
 * </ol>
 *
 * The client runs in the nodes' JVM, on the same cores: the ratio compares the stores, while the
 * absolute figures include the client's signing and packaging. Every loop is bounded by a count and
 * a deadline; nothing leaves 127.0.0.1.
 */
public final class StoreScaleBench {

  /** The benchmark node's code; organs are {@code 001.00.00.H99} and onwards. */
  public static final String NODE_ID = "000.00.00.H99";

  /** GetPendingDocuments p99 target. */
  public static final double PENDING_P99_TARGET_MS = 20.0;

  /** SendDocument throughput on the filled store ÷ on the empty store, at least. */
  public static final double SEND_RATIO_TARGET = 0.8;

  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final String ALIAS = "organ";
  private static final int MAX_ERRORS = 100;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  /** The longest stretch one store is measured before the other one's turn. */
  private static final Duration SLICE = Duration.ofSeconds(15);

  /** The most calls one thread makes in one loop (the time limit ends a loop long before). */
  private static final int MAX_CALLS = 1_000_000;

  /** The listing warm-up lasts at least this long (or the whole --pending-warmup when shorter). */
  private static final Duration MIN_LISTING_WARMUP = Duration.ofSeconds(10);

  /**
   * What to run.
   *
   * @param dir the run's folder is made in here
   * @param storeUrl the filled store's database, or null for an H2 file in the run's folder
   * @param emptyStoreUrl the empty store's database, or null for an H2 file in the run's folder
   * @param keep keep the run's folder (databases, node data) afterwards
   */
  public record Settings(
      long messages,
      int organs,
      int clients,
      Duration warmup,
      Duration pendingWarmup,
      Duration duration,
      int pendingCalls,
      int pendingOrgans,
      int documentBytes,
      int backlogMax,
      long seed,
      Path dir,
      String storeUrl,
      String emptyStoreUrl,
      String storeUser,
      String storePassword,
      int fillWriters,
      Duration fillTimeout,
      boolean keep) {}

  private final Settings settings;
  private final PrintWriter progress;
  private final Clock clock = Clock.systemUTC();
  private final List<String> errors = new ArrayList<>();

  private StoreScaleBench(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs the benchmark; progress goes to {@code progress} (standard error).
   *
   * @throws BenchException when it cannot run (folder, database, node start)
   */
  public static Result run(Settings settings, PrintWriter progress) {
    return new StoreScaleBench(settings, progress).run();
  }

  private Result run() {
    Instant startedAt = clock.instant();
    long started = System.nanoTime();
    Path run = makeRunFolder();
    try {
      StoreFiller.Plan plan =
          StoreFiller.Plan.of(
              NODE_ID,
              settings.organs(),
              settings.messages(),
              settings.backlogMax(),
              settings.seed(),
              startedAt);
      Roles roles = Roles.choose(plan, settings);
      say(
          "plan: %,d messages across %,d organs, %,d waiting (0 to %d per organ); %d senders,"
              + " %d listed organs",
          plan.messages(),
          plan.organs().size(),
          plan.waiting(),
          plan.backlogMax(),
          roles.senders.size(),
          roles.listed.size());

      long pkiStarted = System.nanoTime();
      Pki pki = Pki.make(run.resolve("pki"), plan, roles);
      double pkiSeconds = (System.nanoTime() - pkiStarted) / 1e9;
      say(
          "pki: CA, node key, %d organ keys and %,d organ certificates in %.1f s",
          pki.credentials.size(), pki.certificates.size(), pkiSeconds);

      String emptyUrl = urlOr(settings.emptyStoreUrl(), run.resolve("empty"));
      String filledUrl = urlOr(settings.storeUrl(), run.resolve("filled"));
      StoreFiller.Report emptyFill = filler(emptyUrl).fill(plan, pki.certificates, false);
      say("empty store: directory of %,d organs written", emptyFill.organs());
      StoreFiller.Report fill = filler(filledUrl).fill(plan, pki.certificates, true);
      long filledBytes = databaseBytes(filledUrl);
      say(
          "filled store: %,d rows in %s (compaction %s), %s",
          fill.rows(),
          StoreFiller.seconds(fill.elapsed().toNanos()),
          StoreFiller.seconds(fill.compaction().toNanos()),
          bytes(filledBytes));

      Measured measured = measure(emptyUrl, filledUrl, run, plan, roles, pki);
      PhaseResult empty = measured.empty();
      PhaseResult filled = measured.filled();
      String planText = pendingPlan(filledUrl, plan.organs().get(roles.listed.get(0)));

      return new Result(
          startedAt,
          (System.nanoTime() - started) / 1e9,
          settings,
          plan,
          pkiSeconds,
          fill,
          filledBytes,
          redact(filledUrl),
          emptyFill,
          databaseBytes(emptyUrl),
          redact(emptyUrl),
          empty,
          filled,
          planText,
          measured.load(),
          settings.keep() ? run : null,
          List.copyOf(errors));
    } finally {
      if (!settings.keep()) {
        deleteQuietly(run);
      }
    }
  }

  private Path makeRunFolder() {
    try {
      Files.createDirectories(settings.dir());
      // absolute: H2 refuses implicitly relative paths, the node resolves them against its folder
      return Files.createTempDirectory(settings.dir(), "store-scale-").toAbsolutePath();
    } catch (IOException e) {
      throw new BenchException(
          "cannot make a folder in "
              + settings.dir()
              + " ("
              + e.getMessage()
              + "): give --dir"
              + " a writable folder",
          e);
    }
  }

  private StoreFiller filler(String url) {
    return new StoreFiller(
        url,
        settings.storeUser(),
        settings.storePassword(),
        settings.fillWriters(),
        progress,
        settings.fillTimeout());
  }

  private static String urlOr(String url, Path folder) {
    return url != null ? url : "jdbc:h2:file:" + folder.resolve("db").resolve("edxml");
  }

  // ------------------------------------------------------------------ both stores

  /** One store with its node and the clients of the calling organs. */
  private final class Side {
    final String name;
    final boolean filled;
    final Node node;
    final double startSeconds;
    final long messagesAtStart;

    /** The node's background sweep of orphan payloads, awaited before anything is measured. */
    final BackgroundSweep.Outcome sweep;

    /** How long the first /metrics scrape took, over HTTP on 127.0.0.1. */
    final double statsSeconds;

    final Map<Integer, EdxmlClient> senders = new HashMap<>();
    final Map<Integer, EdxmlClient> listers = new HashMap<>();
    final Documents documents;
    final List<Latencies> sent = new ArrayList<>();

    /**
     * The node's own time for each timed listing (ExchangeTiming: from its first interceptor to the
     * end of the signed answer), handed over by the node's thread.
     */
    final BlockingQueue<Long> nodeListings = new LinkedBlockingQueue<>();

    volatile boolean timingListings;

    double sendSeconds;
    final List<Double> sliceRates = new ArrayList<>();
    int sendFailures;

    Side(String name, String url, Path run, Roles roles, Pki pki, boolean filled) {
      this.name = name;
      this.filled = filled;
      Path folder = run.resolve(name);
      long starting = System.nanoTime();
      this.node = Node.start(nodeConfig(folder, url, pki), clock);
      this.startSeconds = (System.nanoTime() - starting) / 1e9;
      try {
        node.metrics()
            .addExchangeListener(
                (operation, nanos) -> {
                  if (timingListings && "GetPendingDocuments".equals(operation)) {
                    nodeListings.offer(nanos);
                  }
                });
        this.sweep = awaitSweep(node, name);
        this.messagesAtStart = node.store().messageCount();
        this.statsSeconds = scrapeSeconds(node);
        for (int organ : roles.senders) {
          senders.put(organ, client(organ, pki, folder));
        }
        for (int organ : roles.listed) {
          listers.put(organ, client(organ, pki, folder));
        }
        this.documents = Documents.calibrated(settings.documentBytes());
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      say("%s store: node listening on %s after %.1f s", name, node.address(), startSeconds);
    }

    private static BackgroundSweep.Outcome awaitSweep(Node node, String name) {
      try {
        BackgroundSweep.Outcome outcome = node.payloadSweep().await(Duration.ofMinutes(10));
        if (outcome == null || !outcome.completed()) {
          throw new BenchException(
              "the "
                  + name
                  + " store's payload sweep did not complete within 10 minutes"
                  + (outcome == null || outcome.failure() == null ? "" : ": " + outcome.failure())
                  + "; see the node's log above");
        }
        return outcome;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted while the payload sweep ran");
      }
    }

    private EdxmlClient client(int organ, Pki pki, Path folder) {
      Credential credential = pki.credentials.get(organ);
      return EdxmlClient.builder()
          .endpoint(URI.create(node.address()))
          .organ(pki.code(organ))
          .keyStore(credential.toKeyStore(ALIAS, pki.password), pki.password, ALIAS)
          .trustedCa(pki.ca.certificate())
          .nodeCertificate(pki.node.certificate())
          .retry(RetryPolicy.NONE)
          .connectTimeout(Duration.ofSeconds(10))
          .receiveTimeout(CALL_TIMEOUT)
          .workDir(folder.resolve("client-work"))
          .build();
    }

    void close() {
      for (EdxmlClient c : senders.values()) {
        c.close();
      }
      for (EdxmlClient c : listers.values()) {
        c.close();
      }
      node.close();
    }
  }

  /** The two stores' figures and the machine's load average along the way. */
  private record Measured(PhaseResult empty, PhaseResult filled, Load load) {}

  /**
   * The system load average (1 minute) when the nodes had started, after the warm-up, after the
   * listings and at the end: above the number of cores, other processes competed for the CPU.
   */
  public record Load(double start, double afterWarmup, double afterPending, double end) {

    Json json() {
      return Json.object()
          .put("start", start)
          .put("afterWarmup", afterWarmup)
          .put("afterPending", afterPending)
          .put("end", end);
    }
  }

  /**
   * Both nodes run at once, so that both are measured alike whatever the JIT and the machine do
   * meanwhile: a shared warm-up, listings paired call by call, sends in alternating slices.
   */
  private Measured measure(
      String emptyUrl, String filledUrl, Path run, StoreFiller.Plan plan, Roles roles, Pki pki) {
    double loadStart = loadAverage();
    Side empty = new Side("empty", emptyUrl, run, roles, pki, false);
    try {
      Side filled = new Side("filled", filledUrl, run, roles, pki, true);
      try {
        List<Side> sides = List.of(empty, filled);
        SplittableRandom random = new SplittableRandom(settings.seed() * 17 + 3);
        ExecutorService pool =
            Executors.newFixedThreadPool(roles.senders.size() + 1, daemon("store-scale-client"));
        try {
          say(
              "warm-up: %d senders and a lister on both nodes for %s",
              roles.senders.size(), StoreFiller.seconds(settings.warmup().toNanos()));
          int[] warm = warmup(pool, sides, roles, plan, random.split());
          say(
              "warm-up: %,d documents sent to the empty store, %,d to the filled one",
              warm[0], warm[1]);
          double loadWarm = loadAverage();

          say("GetPendingDocuments: %,d calls on each store", settings.pendingCalls());
          PendingResult[] pending = pending(sides, roles, plan, random.split());
          for (int i = 0; i < 2; i++) {
            say(
                "%s store: GetPendingDocuments p50 %.1f ms, p99 %.1f ms (node alone: p99 %.1f ms;"
                    + " store alone: p99 %.2f ms)",
                sides.get(i).name,
                pending[i].soap().p50Ms(),
                pending[i].soap().p99Ms(),
                pending[i].node().p99Ms(),
                pending[i].store().p99Ms());
          }
          double loadPending = loadAverage();

          sends(pool, sides, roles, plan, random.split());
          Load load = new Load(loadStart, loadWarm, loadPending, loadAverage());
          PhaseResult[] results = new PhaseResult[2];
          for (int i = 0; i < 2; i++) {
            Side side = sides.get(i);
            Latencies all = Latencies.merge(side.sent);
            SendResult send =
                new SendResult(
                    all.count(),
                    side.sendSeconds,
                    List.copyOf(side.sliceRates),
                    all.summary(),
                    side.sendFailures);
            say("%s store: %.1f documents/s", side.name, send.perSecond());
            results[i] =
                new PhaseResult(
                    side.startSeconds,
                    side.sweep.seconds(),
                    side.sweep.filterBytes(),
                    side.statsSeconds,
                    side.messagesAtStart,
                    side.node.store().messageCount(),
                    warm[i],
                    pending[i],
                    send,
                    side.documents.bytes());
          }
          return new Measured(results[0], results[1], load);
        } finally {
          pool.shutdownNow();
          awaitTermination(pool);
        }
      } finally {
        filled.close();
      }
    } finally {
      empty.close();
    }
  }

  private NodeConfig nodeConfig(Path folder, String url, Pki pki) {
    Properties p = new Properties();
    p.setProperty("node.id", NODE_ID);
    p.setProperty("http.host", "127.0.0.1");
    p.setProperty("http.port", "0");
    p.setProperty("keystore.path", pki.nodeKeystore.toString());
    p.setProperty("keystore.password", new String(pki.password));
    p.setProperty("trust.ca", pki.caFile.toString());
    p.setProperty("data.dir", folder.resolve("data").toString());
    p.setProperty("store.url", url);
    p.setProperty("store.user", settings.storeUser());
    p.setProperty("store.password", settings.storePassword());
    // every other key at its default, as a node started from a minimal node.properties
    return NodeConfig.from(new vn.edxml.node.config.Settings(p, Map.of(), folder));
  }

  /** Seconds of one GET /metrics on the node (its store gauges included). */
  private static double scrapeSeconds(Node node) {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    java.net.http.HttpRequest get =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl() + "/metrics"))
            .timeout(Duration.ofMinutes(2))
            .build();
    long start = System.nanoTime();
    try {
      java.net.http.HttpResponse<String> response =
          http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || !response.body().contains("edxml_store_messages ")) {
        throw new BenchException("GET /metrics answered " + response.statusCode());
      }
    } catch (java.io.IOException e) {
      throw new BenchException("GET /metrics failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted during GET /metrics");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  // ------------------------------------------------------------------ warm-up

  /**
   * Every sender sends and one lister lists, alternating between the two nodes, for the warm-up
   * time. Returns the documents accepted by each store.
   */
  private int[] warmup(
      ExecutorService pool,
      List<Side> sides,
      Roles roles,
      StoreFiller.Plan plan,
      SplittableRandom random) {
    long deadline = System.nanoTime() + settings.warmup().toNanos();
    AtomicInteger failures = new AtomicInteger();
    int[] sent = new int[2];
    List<Future<int[]>> running = new ArrayList<>();
    for (int organ : roles.senders) {
      SplittableRandom mine = random.split();
      running.add(
          pool.submit(
              () -> {
                int[] mineSent = new int[2];
                for (int i = 0; i < MAX_CALLS && System.nanoTime() - deadline < 0; i++) {
                  Side side = sides.get(i % 2);
                  if (send(side, organ, roles, plan, mine, failures) >= 0) {
                    mineSent[i % 2]++;
                  } else if (failures.get() > MAX_ERRORS) {
                    break;
                  }
                }
                return mineSent;
              }));
    }
    SplittableRandom listing = random.split();
    running.add(
        pool.submit(
            () -> {
              for (int i = 0; i < MAX_CALLS && System.nanoTime() - deadline < 0; i++) {
                int organ = roles.listed.get(listing.nextInt(roles.listed.size()));
                if (list(sides.get(i % 2), organ, plan) < 0
                    && failures.incrementAndGet() > MAX_ERRORS) {
                  break;
                }
              }
              return new int[2];
            }));
    for (Future<int[]> f : running) {
      int[] counts = await(f, deadline + 2 * CALL_TIMEOUT.toNanos());
      sent[0] += counts[0];
      sent[1] += counts[1];
    }
    return sent;
  }

  // ------------------------------------------------------------------ GetPendingDocuments

  /**
   * Listings one after another, a random listed organ each, on both stores call by call (which
   * store goes first alternates); then the same sequence on the stores themselves. Each answer must
   * list what the plan put in that organ's mailbox (none on the empty store): min(backlog, page
   * size) messages.
   */
  private PendingResult[] pending(
      List<Side> sides, Roles roles, StoreFiller.Plan plan, SplittableRandom random) {
    int calls = settings.pendingCalls();
    int[] sequence = new int[calls];
    for (int i = 0; i < calls; i++) {
      sequence[i] = roles.listed.get(random.nextInt(roles.listed.size()));
    }
    ListingWarmup warmup = warmUpListings(sides, roles, plan, random.split());
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    // Every listed organ has a client of its own, and a client's first call builds its policy and
    // WS-Security state. The warm-up lists random organs and may leave some of them unused; one
    // untimed call each here keeps a client's start-up out of the node's p99.
    for (int organ : roles.listed) {
      for (Side side : sides) {
        if (System.nanoTime() - deadline < 0) {
          list(side, organ, plan);
        }
      }
    }
    Latencies[] soap = {new Latencies(calls), new Latencies(calls)};
    Latencies[] nodeSide = {new Latencies(calls), new Latencies(calls)};
    for (Side side : sides) {
      side.nodeListings.clear();
      side.timingListings = true;
    }
    long[] listed = new long[2];
    long[] expected = new long[2];
    int[] failed = new int[2];
    for (int i = 0; i < calls && System.nanoTime() - deadline < 0; i++) {
      for (int k = 0; k < 2; k++) {
        int s = (i + k) % 2;
        Side side = sides.get(s);
        int want = side.filled ? Math.min(plan.backlog(sequence[i]), pageSize(side)) : 0;
        long t0 = System.nanoTime();
        int got = list(side, sequence[i], plan);
        long took = System.nanoTime() - t0;
        if (got < 0) {
          failed[s]++;
          continue;
        }
        soap[s].add(took);
        Long byNode = nodeListing(side);
        if (byNode != null) {
          nodeSide[s].add(byNode);
        }
        listed[s] += got;
        expected[s] += want;
        if (got != want) {
          failed[s]++;
          error(
              "GetPendingDocuments for "
                  + plan.organs().get(sequence[i])
                  + " on the "
                  + side.name
                  + " store listed "
                  + got
                  + " messages; the fill put "
                  + want
                  + " there");
        }
      }
      if (failed[0] + failed[1] > MAX_ERRORS) {
        break;
      }
    }
    for (Side side : sides) {
      side.timingListings = false;
    }
    Latencies[] store = {new Latencies(calls), new Latencies(calls)};
    for (int i = 0; i < calls && System.nanoTime() - deadline < 0; i++) {
      for (int k = 0; k < 2; k++) {
        int s = (i + k) % 2;
        Side side = sides.get(s);
        String code = plan.organs().get(sequence[i]);
        long t0 = System.nanoTime();
        List<PendingRecord> rows = side.node.store().pending(code, null, pageSize(side));
        store[s].add(System.nanoTime() - t0);
        if (side.filled && rows.size() != Math.min(plan.backlog(sequence[i]), pageSize(side))) {
          error("the filled store lists " + rows.size() + " messages for " + code);
        }
      }
    }
    PendingResult[] result = new PendingResult[2];
    for (int s = 0; s < 2; s++) {
      int n = soap[s].count();
      int tenth = n / 10;
      result[s] =
          new PendingResult(
              soap[s].summary(),
              nodeSide[s].summary(),
              store[s].summary(),
              soap[s].summary(0, tenth),
              soap[s].summary(n - tenth, n),
              warmup,
              listed[s],
              expected[s],
              failed[s]);
    }
    return result;
  }

  /**
   * GetPendingDocuments alone, one call at a time as measured, alternating between the nodes, until
   * the JIT compilers are quiet ({@link JitWatch}) after at least {@link #MIN_LISTING_WARMUP}, or
   * {@code pendingWarmup} has passed. Untimed.
   */
  private ListingWarmup warmUpListings(
      List<Side> sides, Roles roles, StoreFiller.Plan plan, SplittableRandom random) {
    long start = System.nanoTime();
    long limit = settings.pendingWarmup().toNanos();
    long least = Math.min(limit, MIN_LISTING_WARMUP.toNanos());
    JitWatch jit = JitWatch.start(start);
    int calls = 0;
    int failures = 0;
    boolean quiet = false;
    while (calls < MAX_CALLS && failures <= MAX_ERRORS && System.nanoTime() - start < limit) {
      int organ = roles.listed.get(random.nextInt(roles.listed.size()));
      if (list(sides.get(calls % 2), organ, plan) < 0) {
        failures++;
      }
      calls++;
      long now = System.nanoTime();
      if (jit.quiet(now) && now - start >= least) {
        quiet = true;
        break;
      }
    }
    ListingWarmup done =
        new ListingWarmup(calls, (System.nanoTime() - start) / 1e9, quiet, jit.lastShare());
    if (calls > 0) {
      say(
          "GetPendingDocuments warm-up: %,d calls one at a time in %.0f s; %s",
          calls,
          done.seconds(),
          !jit.supported()
              ? "this JVM does not tell how much its JIT compilers work"
              : Double.isNaN(done.jitShare())
                  ? "the time was up before a "
                      + JitWatch.WINDOW.toSeconds()
                      + " s window could tell how much the JIT compiled"
                  : String.format(
                      Locale.ROOT,
                      "%s (the JIT compiled %.0f %% of the last %d s)",
                      quiet ? "the JIT went quiet" : "the time was up with the JIT still compiling",
                      100 * done.jitShare(),
                      JitWatch.WINDOW.toSeconds()));
    }
    return done;
  }

  /**
   * The listing warm-up: calls made, seconds taken, whether it ended because the JIT was quiet, and
   * the JIT's share of its last window (NaN when none closed or the last one could not tell).
   */
  public record ListingWarmup(int calls, double seconds, boolean jitQuiet, double jitShare) {

    Json json() {
      return Json.object()
          .put("calls", calls)
          .put("seconds", seconds)
          .put("jitQuiet", jitQuiet)
          .put("jitShareOfLastWindow", jitShare);
    }
  }

  /**
   * The node's time for the call that just returned. The node records it after its answer's last
   * byte went out, so it may come a moment after the client has the answer; none within a second
   * (an exchange that failed before the node answered) leaves the call out of the node's figures.
   */
  private static Long nodeListing(Side side) {
    try {
      return side.nodeListings.poll(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int pageSize(Side side) {
    return side.node.config().pendingPageSize();
  }

  /** One GetPendingDocuments call; the number of messages listed, or -1 after an error. */
  private int list(Side side, int organ, StoreFiller.Plan plan) {
    String problem;
    try {
      Outcome<Pending> outcome = side.listers.get(organ).pending();
      if (outcome.isAccepted()) {
        return outcome.value().messages().size();
      }
      problem = "rejected: " + outcome.rejection().get();
    } catch (EdxmlClientException e) {
      problem = e.getMessage();
    }
    error(
        "GetPendingDocuments for "
            + plan.organs().get(organ)
            + " on the "
            + side.name
            + " store: "
            + problem);
    return -1;
  }

  // ------------------------------------------------------------------ SendDocument

  /**
   * The send measurement: {@code duration} per store, in slices of at most 15 s that alternate
   * between the stores (empty, filled, filled, empty, …); in each slice every sender sends on its
   * own thread until the slice ends.
   */
  private void sends(
      ExecutorService pool,
      List<Side> sides,
      Roles roles,
      StoreFiller.Plan plan,
      SplittableRandom random) {
    long total = settings.duration().toNanos();
    int slices = (int) Math.max(1, Math.ceil(total / (double) SLICE.toNanos()));
    long slice = total / slices;
    say(
        "SendDocument: %d senders, %s per store in %d slice%s per store",
        roles.senders.size(), StoreFiller.seconds(total), slices, slices == 1 ? "" : "s");
    AtomicInteger failures = new AtomicInteger();
    for (int j = 0; j < slices; j++) {
      for (int k = 0; k < 2; k++) {
        Side side = sides.get((j + k) % 2 == 0 ? 0 : 1);
        long start = System.nanoTime();
        long deadline = start + slice;
        int perThread = (int) Math.max(1_000, Math.min(MAX_CALLS, slice / 1_000_000L * 5));
        List<Future<Latencies>> running = new ArrayList<>();
        for (int organ : roles.senders) {
          SplittableRandom mine = random.split();
          running.add(
              pool.submit(
                  () -> {
                    Latencies latencies = new Latencies(perThread);
                    for (int i = 0; i < perThread && System.nanoTime() - deadline < 0; i++) {
                      long took = send(side, organ, roles, plan, mine, failures);
                      if (took >= 0) {
                        latencies.add(took);
                      } else if (failures.get() > MAX_ERRORS) {
                        break;
                      }
                    }
                    return latencies;
                  }));
        }
        int before = failures.get();
        int documents = 0;
        for (Future<Latencies> f : running) {
          Latencies latencies = await(f, deadline + 2 * CALL_TIMEOUT.toNanos());
          side.sent.add(latencies);
          documents += latencies.count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        side.sendSeconds += seconds;
        side.sliceRates.add(documents / seconds);
        side.sendFailures += failures.get() - before;
      }
    }
  }

  /**
   * One document from {@code sender} to a random organ that is not listed; its latency in
   * nanoseconds, or -1 after an error (recorded).
   */
  private long send(
      Side side,
      int sender,
      Roles roles,
      StoreFiller.Plan plan,
      SplittableRandom random,
      AtomicInteger failures) {
    int recipient = roles.recipients.get(random.nextInt(roles.recipients.size()));
    if (recipient == sender) {
      recipient =
          roles.recipients.get((roles.recipients.indexOf(recipient) + 1) % roles.recipients.size());
    }
    String from = plan.organs().get(sender);
    String to = plan.organs().get(recipient);
    Edoc edoc = side.documents.next(from, to);
    long t0 = System.nanoTime();
    String problem;
    try {
      Outcome<SendReceipt> outcome = side.senders.get(sender).send(edoc);
      long took = System.nanoTime() - t0;
      if (outcome.rejection().isPresent()) {
        problem = "rejected: " + outcome.rejection().get();
      } else if (outcome.value().recipients().size() != 1
          || outcome.value().recipients().get(0).routing() != SendReceipt.Routing.DELIVERED) {
        problem = "not delivered: " + outcome.value().recipients();
      } else {
        return took;
      }
    } catch (IOException | EdxmlClientException e) {
      problem = e.getMessage();
    }
    error(
        "SendDocument from " + from + " to " + to + " on the " + side.name + " store: " + problem);
    failures.incrementAndGet();
    return -1;
  }

  private static <T> T await(Future<T> f, long deadline) {
    try {
      return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new BenchException(
          "a client thread did not finish within the call timeout: the node does not answer", e);
    } catch (ExecutionException e) {
      throw new BenchException("a client thread failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      pool.awaitTermination(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void error(String message) {
    if (errors.size() < 20) {
      errors.add(message);
    } else if (errors.size() == 20) {
      errors.add("… further errors not listed");
    }
  }

  // ------------------------------------------------------------------ helpers

  private void say(String format, Object... args) {
    progress.printf(Locale.ROOT, format + "%n", args);
    progress.flush();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static String bytes(long n) {
    if (n < 0) {
      return "size unknown";
    }
    if (n < 10L << 20) {
      return String.format(Locale.ROOT, "%,d KB", n >> 10);
    }
    return String.format(Locale.ROOT, "%,.1f MB", n / 1048576.0);
  }

  private static String redact(String url) {
    return StoreFiller.redact(url);
  }

  private static void deleteQuietly(Path folder) {
    try {
      Folders.deleteTree(folder);
    } catch (IOException e) {
      // a leftover temporary folder is not worth failing the run for
    }
  }

  // ------------------------------------------------------------------ results

  /** A run's figures. */
  public record Result(
      Instant startedAt,
      double seconds,
      Settings settings,
      StoreFiller.Plan plan,
      double pkiSeconds,
      StoreFiller.Report fill,
      long fillBytes,
      String fillUrl,
      StoreFiller.Report emptyFill,
      long emptyBytes,
      String emptyUrl,
      PhaseResult empty,
      PhaseResult filled,
      String pendingQueryPlan,
      Load loadAverage,
      Path folder,
      List<String> errors) {

    /** SendDocument throughput on the filled store ÷ on the empty store (0 when none sent). */
    public double sendRatio() {
      double base = empty.send().perSecond();
      return base > 0 ? filled.send().perSecond() / base : 0;
    }

    /** GetPendingDocuments p99 through SOAP on the filled store, in milliseconds. */
    public double pendingP99Ms() {
      return filled.pending().soap().p99Ms();
    }

    /**
     * Filled ÷ empty throughput of each pair of neighbouring slices (the spread shows how much the
     * machine's other work moved the figures), smallest first.
     */
    public List<Double> sliceRatios() {
      List<Double> e = empty.send().sliceRates();
      List<Double> f = filled.send().sliceRates();
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(e.size(), f.size()); i++) {
        if (e.get(i) > 0) {
          ratios.add(f.get(i) / e.get(i));
        }
      }
      ratios.sort(null);
      return ratios;
    }

    public boolean targetsMet() {
      return pendingP99Ms() <= PENDING_P99_TARGET_MS && sendRatio() >= SEND_RATIO_TARGET;
    }

    /** Ran without a failed call or a listing that disagreed with the plan. */
    public boolean ok() {
      return errors.isEmpty();
    }

    public String json() {
      return Json.object()
          .put("benchmark", "store-scale")
          .put(
              "target",
              "issue 5 item 5: with 1,000,000 stored messages across 10,000 organs,"
                  + " GetPendingDocuments p99 <= 20 ms and SendDocument throughput within 20% of"
                  + " an empty store")
          .put("startedAt", startedAt)
          .put("seconds", seconds)
          .put("settings", settingsJson(settings, plan))
          .put("machine", machineJson())
          .put("pkiSeconds", pkiSeconds)
          .put("fill", fill.json().put("databaseBytes", fillBytes).put("url", fillUrl))
          .put("emptyStore", emptyFill.json().put("databaseBytes", emptyBytes).put("url", emptyUrl))
          .put("empty", empty.json())
          .put("filled", filled.json())
          .put(
              "targets",
              Json.object()
                  .put(
                      "pendingP99",
                      Json.object()
                          .put("limitMs", PENDING_P99_TARGET_MS)
                          .put("valueMs", pendingP99Ms())
                          .put("met", pendingP99Ms() <= PENDING_P99_TARGET_MS))
                  .put(
                      "sendRatio",
                      Json.object()
                          .put("limit", SEND_RATIO_TARGET)
                          .put("value", sendRatio())
                          .put("sliceRatios", sliceRatios())
                          .put("met", sendRatio() >= SEND_RATIO_TARGET)))
          .put("pendingQueryPlan", pendingQueryPlan)
          .put("loadAverage", loadAverage.json())
          .put("folder", folder == null ? null : folder.toString())
          .put("errors", errors)
          .put("ok", ok())
          .pretty();
    }
  }

  /** GetPendingDocuments through SOAP and straight on the store. */
  public record PendingResult(
      Latencies.Summary soap,
      Latencies.Summary node,
      Latencies.Summary store,
      Latencies.Summary firstTenth,
      Latencies.Summary lastTenth,
      ListingWarmup warmup,
      long listed,
      long expected,
      int failed) {

    Json json() {
      return Json.object()
          .put("soap", soap.json())
          .put("node", node.json())
          .put("store", store.json())
          .put("soapFirstTenth", firstTenth.json())
          .put("soapLastTenth", lastTenth.json())
          .put("warmup", warmup.json())
          .put("messagesListed", listed)
          .put("messagesExpected", expected)
          .put("failed", failed);
    }
  }

  /** Documents accepted (delivered) in {@code seconds}; failures are not counted as documents. */
  public record SendResult(
      int documents,
      double seconds,
      List<Double> sliceRates,
      Latencies.Summary latency,
      int failed) {

    public double perSecond() {
      return seconds > 0 ? documents / seconds : 0;
    }

    Json json() {
      return Json.object()
          .put("documents", documents)
          .put("seconds", seconds)
          .put("documentsPerSecond", perSecond())
          .put("slicesDocumentsPerSecond", sliceRates)
          .put("latency", latency.json())
          .put("failed", failed);
    }
  }

  /** One store's figures. */
  public record PhaseResult(
      double startSeconds,
      double sweepSeconds,
      long sweepFilterBytes,
      double statsSeconds,
      long messagesAtStart,
      long messagesAtEnd,
      int warmupDocuments,
      PendingResult pending,
      SendResult send,
      int documentBytes) {

    Json json() {
      return Json.object()
          .put("nodeStartSeconds", startSeconds)
          .put("payloadSweepSeconds", sweepSeconds)
          .put("payloadSweepFilterBytes", sweepFilterBytes)
          .put("metricsScrapeSeconds", statsSeconds)
          .put("messagesAtStart", messagesAtStart)
          .put("messagesAtEnd", messagesAtEnd)
          .put("warmupDocuments", warmupDocuments)
          .put("pending", pending.json())
          .put("send", send.json().put("documentBytes", documentBytes));
    }
  }

  private static Json settingsJson(Settings settings, StoreFiller.Plan plan) {
    return Json.object()
        .put("messages", settings.messages())
        .put("organs", settings.organs())
        .put("clients", settings.clients())
        .put("warmupSeconds", settings.warmup().toMillis() / 1000.0)
        .put("pendingWarmupSeconds", settings.pendingWarmup().toMillis() / 1000.0)
        .put("durationSeconds", settings.duration().toMillis() / 1000.0)
        .put("pendingCalls", settings.pendingCalls())
        .put("pendingOrgans", settings.pendingOrgans())
        .put("documentBytes", settings.documentBytes())
        .put("backlogMax", settings.backlogMax())
        .put("backlogMaxUsed", plan.backlogMax())
        .put("waitingPlanned", plan.waiting())
        .put("seed", settings.seed())
        .put("fillWriters", settings.fillWriters())
        .put("storeUser", settings.storeUser());
  }

  private static Json machineJson() {
    Runtime rt = Runtime.getRuntime();
    return Json.object()
        .put("availableProcessors", rt.availableProcessors())
        .put("maxHeapBytes", rt.maxMemory())
        .put("java", System.getProperty("java.vm.name") + " " + Runtime.version())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  // ------------------------------------------------------------------ the databases

  /** The database's size on disk: the H2 file, or the PostgreSQL tables with their indexes. */
  private long databaseBytes(String url) {
    if (StoreFiller.isH2File(url)) {
      try {
        return Files.size(StoreFiller.h2File(url));
      } catch (IOException e) {
        return -1;
      }
    }
    try (Connection c = connect(url);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = current_schema() AND c.relkind = 'r'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      return -1;
    }
  }

  /**
   * The database's plan for the query of {@code JdbcMessageStore.pending} (copied here), for one
   * listed organ: what to look at first when listing is slow.
   */
  private String pendingPlan(String url, String organ) {
    String sql =
        "EXPLAIN SELECT m.message_id, m.message_type, m.document_id, m.sender, m.received_at,"
            + " m.payload_size, m.subject, m.status_code"
            + " FROM deliveries d JOIN messages m ON m.id = d.message_pk"
            + " WHERE d.recipient = ? AND d.state = 'delivered'"
            + " ORDER BY d.received_at, d.message_pk FETCH FIRST ? ROWS ONLY";
    try (Connection c = connect(url);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, organ);
      ps.setInt(2, 101);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(plan.length() == 0 ? "" : "\n").append(rs.getString(1));
        }
      }
      return plan.toString();
    } catch (SQLException e) {
      return "(no plan: " + e.getMessage() + ")";
    }
  }

  private Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, settings.storeUser(), settings.storePassword());
  }

  // ------------------------------------------------------------------ who calls

  /**
   * The organs that call: {@code listed} organs (with a waiting backlog) list their mailboxes,
   * {@code senders} send to {@code recipients} (every organ that is not listed, so that the listed
   * backlogs stay as planned).
   */
  private static final class Roles {
    final List<Integer> listed;
    final List<Integer> senders;
    final List<Integer> recipients;

    private Roles(List<Integer> listed, List<Integer> senders, List<Integer> recipients) {
      this.listed = listed;
      this.senders = senders;
      this.recipients = recipients;
    }

    static Roles choose(StoreFiller.Plan plan, Settings settings) {
      SplittableRandom random = new SplittableRandom(settings.seed() * 31 + 7);
      int organs = plan.organs().size();
      List<Integer> withBacklog = shuffled(plan.organsWithBacklog(), random);
      int listedCount =
          Math.min(
              settings.pendingOrgans(),
              Math.min(withBacklog.size(), organs - settings.clients() - 1));
      if (listedCount < 1) {
        throw new BenchException(
            "no organ to list: "
                + (withBacklog.isEmpty()
                    ? "no organ has a waiting backlog; give at least as many --messages as --organs"
                    : "give more --organs than --clients + 1"));
      }
      List<Integer> listed = List.copyOf(withBacklog.subList(0, listedCount));
      java.util.Set<Integer> isListed = new java.util.HashSet<>(listed);
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < organs; i++) {
        if (!isListed.contains(i)) {
          others.add(i);
        }
      }
      others = shuffled(others, random);
      if (others.size() < settings.clients() + 1) {
        throw new BenchException(
            "--clients "
                + settings.clients()
                + " needs at least "
                + (settings.clients() + 1)
                + " organs that are not listed: give more --organs or fewer --pending-organs");
      }
      return new Roles(
          listed, List.copyOf(others.subList(0, settings.clients())), List.copyOf(others));
    }

    private static List<Integer> shuffled(List<Integer> list, SplittableRandom random) {
      List<Integer> copy = new ArrayList<>(list);
      for (int i = copy.size() - 1; i > 0; i--) {
        java.util.Collections.swap(copy, i, random.nextInt(i + 1));
      }
      return copy;
    }
  }

  // ------------------------------------------------------------------ keys and certificates

  /**
   * The run's PKI: a CA, the node's key, a key for each organ that calls and a certificate for
   * every organ (the organs that never call share one key: only their certificates are stored).
   */
  private static final class Pki {
    final CertificateAuthority ca;
    final Credential node;
    final char[] password;
    final Path nodeKeystore;
    final Path caFile;
    final Map<Integer, Credential> credentials;
    final List<CertificateRecord> certificates;
    final List<String> organs;

    private Pki(
        CertificateAuthority ca,
        Credential node,
        char[] password,
        Path nodeKeystore,
        Path caFile,
        Map<Integer, Credential> credentials,
        List<CertificateRecord> certificates,
        List<String> organs) {
      this.ca = ca;
      this.node = node;
      this.password = password;
      this.nodeKeystore = nodeKeystore;
      this.caFile = caFile;
      this.credentials = credentials;
      this.certificates = certificates;
      this.organs = organs;
    }

    String code(int organ) {
      return organs.get(organ);
    }

    static Pki make(Path folder, StoreFiller.Plan plan, Roles roles) {
      Instant now = Instant.now();
      Instant from = now.minus(Duration.ofDays(1));
      Instant until = now.plus(Duration.ofDays(365));
      CertificateAuthority ca =
          CertificateAuthority.create(
              "CN=edXML store-scale benchmark CA, O=Benchmark",
              KeyKind.RSA_2048,
              from,
              Duration.ofDays(3650));
      Credential node = ca.issue("CN=" + NODE_ID + ", OU=node", KeyKind.RSA_2048, from, until);
      char[] password =
          new java.math.BigInteger(80, new java.security.SecureRandom()).toString(36).toCharArray();
      Path keystore = folder.resolve("node.p12");
      Path caFile = folder.resolve("ca.pem");
      try {
        Files.createDirectories(folder);
        node.writePkcs12(keystore, "node", password);
        Pem.writeCertificate(caFile, ca.certificate());
      } catch (IOException e) {
        throw new BenchException("cannot write the benchmark's keys in " + folder + ": " + e, e);
      }
      List<Integer> callers = new ArrayList<>(roles.listed);
      callers.addAll(roles.senders);
      Map<Integer, Credential> credentials = new java.util.concurrent.ConcurrentHashMap<>();
      callers.parallelStream()
          .forEach(
              i ->
                  credentials.put(
                      i,
                      ca.issue(
                          "CN=" + plan.organs().get(i) + ", OU=organ",
                          KeyKind.RSA_2048,
                          from,
                          until)));
      KeyPair shared = CertificateAuthority.generateKeyPair(KeyKind.RSA_2048);
      KeyKind caKind = CertificateAuthority.kindOf(ca.certificate());
      List<CertificateRecord> certificates =
          IntStream.range(0, plan.organs().size())
              .parallel()
              .mapToObj(
                  i -> {
                    String code = plan.organs().get(i);
                    Credential own = credentials.get(i);
                    return Directory.record(
                        code,
                        own != null
                            ? own.certificate()
                            : ca.issueFor(
                                shared.getPublic(),
                                "CN=" + code + ", OU=organ",
                                from,
                                until,
                                caKind));
                  })
              .toList();
      return new Pki(
          ca,
          node,
          password,
          keystore,
          caFile,
          Map.copyOf(credentials),
          certificates,
          plan.organs());
    }
  }

  // ------------------------------------------------------------------ documents

  /**
   * Documents of about {@code target} bytes (the package as the client writes it): one plain text
   * attachment sized to make up the difference, at least a line of text (so a document is never
   * smaller than about 2.3 KB: header, signer and one attachment). Numbers are unique per instance
   * (from 10,000,000 on, far above the numbers the filler gives).
   */
  static final class Documents {
    /** The smallest attachment: a line of text, as in a short công văn. */
    private static final int MIN_ATTACHMENT = 40;

    private final AtomicLong number = new AtomicLong(10_000_000);
    private final int attachmentBytes;
    private final int bytes;

    private Documents(int attachmentBytes, int bytes) {
      this.attachmentBytes = attachmentBytes;
      this.bytes = bytes;
    }

    static Documents calibrated(int target) {
      Documents probe = new Documents(0, 0);
      int attachment = MIN_ATTACHMENT;
      int size = probe.size(attachment);
      for (int round = 0; round < 4 && size != target; round++) {
        int next = Math.max(MIN_ATTACHMENT, attachment + (target - size) * 3 / 4);
        if (next == attachment) {
          break;
        }
        attachment = next;
        size = probe.size(attachment);
      }
      return new Documents(attachment, size);
    }

    int bytes() {
      return bytes;
    }

    private int size(int attachment) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      try {
        EdxmlWriter.builder()
            .indent(false)
            .build()
            .write(make("001.00.00.H99", "001.00.01.H99", 10_000_000, attachment), out);
      } catch (IOException e) {
        throw new IllegalStateException("cannot write a benchmark document", e);
      }
      return out.size();
    }

    Edoc next(String from, String to) {
      return make(from, to, number.incrementAndGet(), attachmentBytes);
    }

    private static Edoc make(String from, String to, long n, int attachmentBytes) {
      byte[] content = new byte[attachmentBytes];
      byte[] text = ("Noi dung cong van so " + n + ". ").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < content.length; i++) {
        content[i] = text[i % text.length];
      }
      Attachment attachment =
          Attachment.builder()
              .name("cong-van-" + n + ".txt")
              .contentType("text/plain")
              .content(() -> new java.io.ByteArrayInputStream(content))
              .size(content.length)
              .build();
      return Edoc.builder()
          .from(Organ.of(from, StoreFiller.Plan.organName(from)))
          .to(Organ.of(to, StoreFiller.Plan.organName(to)))
          .code(Long.toString(n), "UBND-VP")
          .promulgated("Hà Nội", LocalDate.now(ZONE).minusDays(1))
          .type(1, "Công văn")
          .subject("V/v thử nghiệm hiệu năng kho lưu trữ, văn bản số " + n)
          .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
          .attach(attachment)
          .build();
    }
  }
}
