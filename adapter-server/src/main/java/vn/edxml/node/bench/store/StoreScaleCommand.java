package vn.edxml.node.bench.store;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.node.cli.CliFailure;
import vn.edxml.node.cli.ExitCodes;
import vn.edxml.node.cli.NodeCli;
import vn.edxml.node.cli.Table;
import vn.edxml.node.config.Units;
import vn.edxml.node.ops.LogFormat;

/**
 * {@code bench-store}: the store-scale benchmark ({@link StoreScaleBench}). Prints a table and,
 * with {@code --json FILE}, writes every figure as JSON. Runs on its own ({@link #main}) or as a
 * subcommand of {@code edxml-node}.
 */
@Command(
    name = "bench-store",
    mixinStandardHelpOptions = true,
    description = {
      "Store-scale benchmark (issue 5, item 5): with 1,000,000 stored messages across 10,000"
          + " organs, GetPendingDocuments p99 <= 20 ms and SendDocument throughput within 20%% of"
          + " an empty store.",
      "Makes a test PKI, an empty store and a store filled with a realistic history (the node's"
          + " own schema and rows), starts a real node on each (127.0.0.1, free ports) and measures"
          + " both alike, turn by turn, through signed SOAP calls of the real client:"
          + " GetPendingDocuments latency of organs with a waiting backlog, and SendDocument"
          + " throughput of --clients concurrent senders. Progress goes to standard error; the"
          + " table to standard output.",
      "A full-scale run takes about 15 minutes on 2 cores and about 2 GB of disk in --dir."
    },
    exitCodeOnInvalidInput = ExitCodes.CONFIG,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ran without a failed call (with --check: and met both targets)",
      "  1  a call failed, a listing disagreed with the fill, the run could not",
      "     finish, or (with --check) a target was missed",
      "  2  usage error: the message names the option and the fix"
    })
public final class StoreScaleCommand implements Callable<Integer> {

  /**
   * WSS4J warns on every verified request that no subject constraints are set; the node pins
   * certificates by fingerprint instead (see {@code cli.Quiet}). Held so that its level stays set.
   */
  private static final Logger CRYPTO_BASE =
      Logger.getLogger("org.apache.wss4j.common.crypto.CryptoBase");

  @Spec private CommandSpec spec;

  @Option(
      names = "--messages",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Messages in the filled store (default: ${DEFAULT-VALUE}).")
  private long messages;

  @Option(
      names = "--organs",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Organs in the directory of both stores (default: ${DEFAULT-VALUE}).")
  private int organs;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "4",
      description = "Concurrent SendDocument clients, one organ each (default: ${DEFAULT-VALUE}).")
  private int clients;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Warm-up on each store before measuring, e.g. 60s, 2m, 500ms (default:"
              + " ${DEFAULT-VALUE}; the JIT needs about a minute on 2 cores).")
  private Duration warmup;

  @Option(
      names = "--pending-warmup",
      paramLabel = "TIME",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "At most this long, GetPendingDocuments alone, one call at a time, on both stores"
              + " before the measured listings; it ends sooner once the JIT compilers are quiet"
              + " (under 5%% of 5 s compiling, after at least 10 s) (default: ${DEFAULT-VALUE}).")
  private Duration pendingWarmup;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "SendDocument measurement on each store (default: ${DEFAULT-VALUE}).")
  private Duration duration;

  @Option(
      names = "--pending-calls",
      paramLabel = "N",
      defaultValue = "1000",
      description = "GetPendingDocuments calls measured on each store (default: ${DEFAULT-VALUE}).")
  private int pendingCalls;

  @Option(
      names = "--pending-organs",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Organs with a waiting backlog that list their mailboxes (default: ${DEFAULT-VALUE}).")
  private int pendingOrgans;

  @Option(
      names = "--document-bytes",
      paramLabel = "N",
      defaultValue = "2048",
      description = "Size of a sent document's package (default: ${DEFAULT-VALUE}).")
  private int documentBytes;

  @Option(
      names = "--backlog-max",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "Waiting messages per organ after the fill, drawn from 0 to N (default: ${DEFAULT-VALUE}).")
  private int backlogMax;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Seed of the filled history and of the callers' choices (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "A fresh folder for the run (databases, keys, node data) is made in here; deleted"
              + " afterwards unless --keep (default: edxml-bench-store in the temporary folder).")
  private Path dir;

  @Option(
      names = "--store-url",
      paramLabel = "JDBC-URL",
      description =
          "The database to fill (an empty H2 file or PostgreSQL database; default: an H2 file in"
              + " the run's folder).")
  private String storeUrl;

  @Option(
      names = "--empty-store-url",
      paramLabel = "JDBC-URL",
      description =
          "The empty store's database (default: an H2 file in the run's folder; give one with a"
              + " PostgreSQL --store-url).")
  private String emptyStoreUrl;

  @Option(
      names = "--store-user",
      paramLabel = "USER",
      defaultValue = "edxml",
      description = "Database user of both stores (default: ${DEFAULT-VALUE}).")
  private String storeUser;

  @Option(
      names = "--store-password",
      paramLabel = "PASSWORD",
      defaultValue = "",
      description = "Database password of both stores (default: empty).")
  private String storePassword;

  @Option(
      names = "--fill-writers",
      paramLabel = "N",
      defaultValue = "2",
      description = "Threads inserting the filled store's rows (default: ${DEFAULT-VALUE}).")
  private int fillWriters;

  @Option(
      names = "--fill-timeout",
      paramLabel = "TIME",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description = "Give up when filling takes longer (default: ${DEFAULT-VALUE}).")
  private Duration fillTimeout;

  @Option(names = "--keep", description = "Keep the run's folder (databases, keys, node data).")
  private boolean keep;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure here.")
  private Path json;

  @Option(names = "--check", description = "Exit 1 when a target is missed.")
  private boolean check;

  /** Runs {@code bench-store} with standard output and error; exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs {@code bench-store} with standard output and error (UTF-8); returns the exit code. */
  public static int execute(String... args) {
    return execute(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        args);
  }

  /** Runs {@code bench-store} writing to {@code out} and {@code err}; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new StoreScaleCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter w = commandLine.getErr();
          int code = NodeCli.report("bench-store", e, w);
          w.flush();
          return code;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() {
    validate();
    LogFormat.install(Level.WARNING);
    CRYPTO_BASE.setLevel(Level.SEVERE);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StoreScaleBench.Result result;
    try {
      result =
          StoreScaleBench.run(
              new StoreScaleBench.Settings(
                  messages,
                  organs,
                  clients,
                  warmup,
                  pendingWarmup,
                  duration,
                  pendingCalls,
                  pendingOrgans,
                  documentBytes,
                  backlogMax,
                  seed,
                  dir != null
                      ? dir
                      : Path.of(System.getProperty("java.io.tmpdir"), "edxml-bench-store"),
                  storeUrl,
                  emptyStoreUrl,
                  storeUser,
                  storePassword,
                  fillWriters,
                  fillTimeout,
                  keep),
              err);
    } catch (BenchException e) {
      throw new CliFailure(ExitCodes.FAILED, e.getMessage(), e);
    }
    print(result, out);
    if (json != null) {
      try {
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(json, result.json(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliFailure(
            ExitCodes.FAILED, "--json: cannot write " + json + " (" + e.getMessage() + ")", e);
      }
    }
    if (!result.ok()) {
      return ExitCodes.FAILED;
    }
    return check && !result.targetsMet() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private void validate() {
    require(messages >= 0 && messages <= 100_000_000L, "--messages", "give 0 to 100,000,000");
    require(organs >= 4 && organs <= 990_000, "--organs", "give 4 to 990,000");
    require(clients >= 1 && clients <= 256, "--clients", "give 1 to 256");
    require(
        !warmup.isNegative() && warmup.compareTo(Duration.ofHours(1)) <= 0,
        "--warmup",
        "give 0s to 1h");
    require(
        !pendingWarmup.isNegative() && pendingWarmup.compareTo(Duration.ofHours(1)) <= 0,
        "--pending-warmup",
        "give 0s to 1h");
    require(
        duration.toMillis() >= 100 && duration.compareTo(Duration.ofHours(1)) <= 0,
        "--duration",
        "give 100ms to 1h");
    require(
        pendingCalls >= 1 && pendingCalls <= 1_000_000, "--pending-calls", "give 1 to 1,000,000");
    require(pendingOrgans >= 1 && pendingOrgans <= 10_000, "--pending-organs", "give 1 to 10,000");
    require(
        documentBytes >= 512 && documentBytes <= 64 << 20,
        "--document-bytes",
        "give 512 to 67,108,864");
    require(backlogMax >= 1 && backlogMax <= 10_000, "--backlog-max", "give 1 to 10,000");
    require(fillWriters >= 1 && fillWriters <= 16, "--fill-writers", "give 1 to 16");
    require(
        fillTimeout.compareTo(Duration.ofSeconds(1)) >= 0, "--fill-timeout", "give at least 1s");
    for (String[] url :
        new String[][] {{"--store-url", storeUrl}, {"--empty-store-url", emptyStoreUrl}}) {
      if (url[1] != null) {
        String u = url[1].toLowerCase(Locale.ROOT);
        require(
            StoreFiller.isH2File(url[1]) || u.startsWith("jdbc:postgresql:"),
            url[0],
            "give an H2 file URL (jdbc:h2:file:PATH) or a PostgreSQL URL (jdbc:postgresql://…)");
      }
    }
    boolean postgres = storeUrl != null && !StoreFiller.isH2File(storeUrl);
    require(
        !postgres || emptyStoreUrl != null,
        "--empty-store-url",
        "give a second, empty database for the empty store with a PostgreSQL --store-url");
    require(
        storeUrl == null || !storeUrl.equals(emptyStoreUrl),
        "--empty-store-url",
        "give another database than --store-url");
  }

  private static void require(boolean ok, String option, String fix) {
    if (!ok) {
      throw new CliFailure(ExitCodes.CONFIG, option + ": out of range — " + fix);
    }
  }

  // ------------------------------------------------------------------ the table

  private static void print(StoreScaleBench.Result r, PrintWriter out) {
    StoreFiller.Report fill = r.fill();
    StoreScaleBench.Settings s = r.settings();
    out.printf(
        Locale.ROOT,
        "Store-scale benchmark: %,d messages across %,d organs, %s%n",
        fill.messages(),
        fill.organs(),
        r.fillUrl());
    out.printf(
        Locale.ROOT,
        "fill: %,d documents and %,d statuses, %,d deliveries (%,d waiting), %,d trace events:"
            + " %,d rows in %s (of which compaction %s); database %s%n",
        fill.edocs(),
        fill.statuses(),
        fill.deliveries(),
        fill.waiting(),
        fill.traces(),
        fill.rows(),
        StoreFiller.seconds(fill.elapsed().toNanos()),
        StoreFiller.seconds(fill.compaction().toNanos()),
        StoreScaleBench.bytes(r.fillBytes()));
    out.printf(
        Locale.ROOT,
        "node start: %.1f s on the empty store, %.1f s on the filled store; first /metrics"
            + " scrape: %.2f s and %.2f s%n"
            + "payload sweep in the background after the start: %.1f s and %.1f s (filter of"
            + " %,d KiB on the filled store)%n%n",
        r.empty().startSeconds(),
        r.filled().startSeconds(),
        r.empty().statsSeconds(),
        r.filled().statsSeconds(),
        r.empty().sweepSeconds(),
        r.filled().sweepSeconds(),
        r.filled().sweepFilterBytes() / 1024);

    StoreScaleBench.ListingWarmup warm = r.filled().pending().warmup();
    out.printf(
        Locale.ROOT,
        "GetPendingDocuments: %,d calls one at a time by %d organs with 1 to %d waiting messages,"
            + " %s (ms)%n",
        r.filled().pending().soap().count(),
        Math.min(s.pendingOrgans(), r.plan().organsWithBacklog().size()),
        r.plan().backlogMax(),
        warm.calls() == 0
            ? "without a listing warm-up"
            : String.format(
                Locale.ROOT,
                "after %,d untimed ones in %.0f s (%s)",
                warm.calls(),
                warm.seconds(),
                warm.jitQuiet() ? "the JIT had gone quiet" : "the JIT had not gone quiet"));
    Table pending = new Table("", "mean", "p50", "p95", "p99", "max");
    latencyRow(pending, "empty store", r.empty().pending().soap());
    latencyRow(pending, "filled store", r.filled().pending().soap());
    latencyRow(pending, "empty, node alone", r.empty().pending().node());
    latencyRow(pending, "filled, node alone", r.filled().pending().node());
    latencyRow(pending, "filled, store alone", r.filled().pending().store());
    pending.print(out);
    out.printf(
        Locale.ROOT,
        "steady? p50 of the first and the last tenth of the calls: %.1f and %.1f ms empty,"
            + " %.1f and %.1f ms filled%n",
        r.empty().pending().firstTenth().p50Ms(),
        r.empty().pending().lastTenth().p50Ms(),
        r.filled().pending().firstTenth().p50Ms(),
        r.filled().pending().lastTenth().p50Ms());
    out.println();

    out.printf(
        Locale.ROOT,
        "SendDocument: %d clients, %,d-byte documents, %s per store after %s warm-up%n",
        s.clients(),
        r.filled().documentBytes(),
        StoreFiller.seconds(s.duration().toNanos()),
        StoreFiller.seconds(s.warmup().toNanos()));
    Table send = new Table("", "documents/s", "documents", "p50 ms", "p99 ms", "failed");
    sendRow(send, "empty store", r.empty().send());
    sendRow(send, "filled store", r.filled().send());
    send.print(out);
    out.println();

    out.printf(
        Locale.ROOT,
        "target GetPendingDocuments p99 <= %.0f ms: %.1f ms, %s%n",
        StoreScaleBench.PENDING_P99_TARGET_MS,
        r.pendingP99Ms(),
        r.pendingP99Ms() <= StoreScaleBench.PENDING_P99_TARGET_MS ? "met" : "MISSED");
    out.printf(
        Locale.ROOT,
        "  of which the node's own time (its first interceptor to the end of the signed answer):"
            + " p99 %.1f ms filled, %.1f ms empty; the rest is the client and the loopback%n",
        r.filled().pending().node().p99Ms(),
        r.empty().pending().node().p99Ms());
    out.printf(
        Locale.ROOT,
        "target SendDocument filled/empty >= %.2f: %.2f, %s (slice pairs: %s)%n",
        StoreScaleBench.SEND_RATIO_TARGET,
        r.sendRatio(),
        r.sendRatio() >= StoreScaleBench.SEND_RATIO_TARGET ? "met" : "MISSED",
        r.sliceRatios().isEmpty()
            ? "none"
            : String.format(
                Locale.ROOT,
                "%.2f to %.2f",
                r.sliceRatios().get(0),
                r.sliceRatios().get(r.sliceRatios().size() - 1)));
    out.printf(
        Locale.ROOT,
        "load average: %.1f at the start, %.1f after the warm-up, %.1f after the listings,"
            + " %.1f at the end (%d cores)%n",
        r.loadAverage().start(),
        r.loadAverage().afterWarmup(),
        r.loadAverage().afterPending(),
        r.loadAverage().end(),
        Runtime.getRuntime().availableProcessors());
    if (r.folder() != null) {
      out.println("kept: " + r.folder());
    }
    if (!r.ok()) {
      out.printf(Locale.ROOT, "%d problem(s):%n", r.errors().size());
      for (String e : r.errors()) {
        out.println("  " + e);
      }
    }
    out.flush();
  }

  private static void latencyRow(Table table, String name, Latencies.Summary l) {
    table.row(name, ms(l.meanMs()), ms(l.p50Ms()), ms(l.p95Ms()), ms(l.p99Ms()), ms(l.maxMs()));
  }

  private static void sendRow(Table table, String name, StoreScaleBench.SendResult s) {
    table.row(
        name,
        String.format(Locale.ROOT, "%.1f", s.perSecond()),
        String.format(Locale.ROOT, "%,d", s.documents()),
        ms(s.latency().p50Ms()),
        ms(s.latency().p99Ms()),
        Integer.toString(s.failed()));
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  /** Durations as the node's configuration writes them: 60s, 2m, 500ms, 1h, or seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Units.duration(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: write e.g. 60s, 2m or 500ms");
      }
    }
  }
}
