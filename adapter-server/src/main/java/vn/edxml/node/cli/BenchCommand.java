package vn.edxml.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.node.Folders;
import vn.edxml.node.bench.Bench;
import vn.edxml.node.bench.BenchReport;
import vn.edxml.node.config.Units;
import vn.edxml.pki.KeyKind;

/** {@code bench}: load a node on loopback and compare it with plain CXF baselines. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the node: starts a node on 127.0.0.1 with a fresh store and throw-away keys,"
          + " drives it with C concurrent clients (the project's client jar) for a warm-up"
          + " period and a measured period, and reports throughput, latency p50/p95/p99/max and"
          + " errors by code. In the same run, with the same keys, documents and client"
          + " settings, it drives two baselines: a minimal CXF + WSS4J service that verifies"
          + " and signs but stores nothing (cxf-wss4j) and the same without security"
          + " (cxf-plain), and measures the signatures and verifications per second of this"
          + " JVM (the crypto-only bound of a signed round trip).",
      "Client and servers share this machine: run it on a quiet machine, and keep the"
          + " warm-up at 60 s or more for steady-state figures."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--mode",
      paramLabel = "send|cycle",
      defaultValue = "send",
      description =
          "send: a unit is one SendDocument. cycle: send, then the receiver's pending, fetch,"
              + " confirm and status 03 (node only). Default: ${DEFAULT-VALUE}.")
  private String mode;

  @Option(
      names = {"-c", "--clients"},
      paramLabel = "C",
      defaultValue = "4",
      description = "Concurrent clients (1 to 256). Default: ${DEFAULT-VALUE}.")
  private int clients;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "Warm-up per target, thrown away (e.g. 60s, 2m). Default: ${DEFAULT-VALUE}.")
  private String warmup;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "Measured period per target. Default: ${DEFAULT-VALUE}.")
  private String duration;

  @Option(
      names = "--doc-size",
      paramLabel = "SIZE",
      defaultValue = "2KB",
      description =
          "Size of the edXML package without attachment (e.g. 2KB). Default: ${DEFAULT-VALUE}.")
  private String docSize;

  @Option(
      names = "--attachment-size",
      paramLabel = "SIZE",
      defaultValue = "0",
      description =
          "Size of one binary attachment per document (0: none; e.g. 1MB). Default: ${DEFAULT-VALUE}.")
  private String attachmentSize;

  @Option(
      names = "--targets",
      paramLabel = "LIST",
      defaultValue = "node,cxf-wss4j,cxf-plain",
      split = ",",
      description =
          "Targets to drive, in order (each further round starts one place later)."
              + " Default: ${DEFAULT-VALUE}.")
  private List<String> targets;

  @Option(
      names = "--key",
      paramLabel = "rsa|ec",
      defaultValue = "rsa",
      description = "Key of the node and organs: RSA-2048 or EC P-256. Default: ${DEFAULT-VALUE}.")
  private String key;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Run the targets N times (1 to 20), turning their order by one each round, and report"
              + " medians: on a machine whose speed drifts, --rounds 3 gives ratios that one"
              + " round cannot. Default: ${DEFAULT-VALUE}.")
  private int rounds;

  @Option(
      names = "--crypto-time",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Time to measure signing and, again, verifying (0: skip). Default: ${DEFAULT-VALUE}.")
  private String cryptoTime;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work folder (keys, store). Default: a new temporary folder, deleted after.")
  private Path dir;

  @Option(
      names = "--store-url",
      paramLabel = "JDBC-URL",
      description =
          "The node's store (e.g. a PostgreSQL URL). Default: an H2 file in the work folder.")
  private String storeUrl;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the results as JSON to FILE.")
  private Path json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    boolean temporary = dir == null;
    Bench.Options options = options(temporary ? null : dir);
    Quiet.install(Level.WARNING);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (temporary) {
      options = withDir(options, Files.createTempDirectory("edxml-bench-"));
    }
    Bench.Outcome outcome;
    try {
      outcome = new Bench(options, err, NodeCli.root(spec).context().clock()).run();
    } catch (IllegalStateException e) {
      throw new CliFailure(
          ExitCodes.FAILED,
          e.getMessage() + " — check the node's log lines above; nothing was measured",
          e);
    } finally {
      if (temporary) {
        Folders.deleteTree(options.dir());
      }
    }
    BenchReport.print(outcome, out);
    if (json != null) {
      Files.writeString(json, BenchReport.json(outcome), StandardCharsets.UTF_8);
      out.println("results written to " + json);
    }
    boolean errors = outcome.results().stream().anyMatch(r -> !r.errors().isEmpty());
    return errors ? ExitCodes.FAILED : 0;
  }

  private static Bench.Options withDir(Bench.Options o, Path work) {
    return new Bench.Options(
        o.mode(),
        o.clients(),
        o.warmup(),
        o.measure(),
        o.documentBytes(),
        o.attachmentBytes(),
        o.targets(),
        o.key(),
        o.cryptoTime(),
        work,
        o.storeUrl(),
        o.rounds());
  }

  private Bench.Options options(Path work) {
    Bench.Mode m =
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "send" -> Bench.Mode.SEND;
          case "cycle" -> Bench.Mode.CYCLE;
          default -> throw usage("--mode: " + mode + " — use send or cycle");
        };
    if (clients < 1 || clients > 256) {
      throw usage("--clients: " + clients + " — use 1 to 256");
    }
    if (rounds < 1 || rounds > 20) {
      throw usage("--rounds: " + rounds + " — use 1 to 20");
    }
    List<Bench.Target> chosen = new ArrayList<>();
    for (String t : targets) {
      Bench.Target target = null;
      for (Bench.Target candidate : Bench.Target.values()) {
        if (candidate.label().equals(t.trim())) {
          target = candidate;
        }
      }
      if (target == null) {
        throw usage("--targets: " + t + " — use node, cxf-wss4j and/or cxf-plain");
      }
      chosen.add(target);
    }
    KeyKind kind =
        switch (key.toLowerCase(Locale.ROOT)) {
          case "rsa" -> KeyKind.RSA_2048;
          case "ec" -> KeyKind.EC_P256;
          default -> throw usage("--key: " + key + " — use rsa or ec");
        };
    Duration w = duration("--warmup", warmup);
    Duration d = duration("--duration", duration);
    if (d.isZero()) {
      throw usage("--duration: must be more than 0");
    }
    long docBytes = size("--doc-size", docSize);
    long attachmentBytes = size("--attachment-size", attachmentSize);
    return new Bench.Options(
        m,
        clients,
        w,
        d,
        docBytes,
        attachmentBytes,
        chosen,
        kind,
        duration("--crypto-time", cryptoTime),
        work,
        storeUrl,
        rounds);
  }

  private static CliFailure usage(String message) {
    return new CliFailure(ExitCodes.CONFIG, message);
  }

  /** 500ms, 30s, 2m, 1h; a bare number is seconds. Bounded at 24 hours. */
  static Duration duration(String option, String text) {
    Duration d;
    try {
      d = Units.duration(text);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + text + " — write a duration such as 500ms, 60s or 2m");
    }
    if (d.isNegative() || d.compareTo(Duration.ofHours(24)) > 0) {
      throw usage(option + ": " + text + " — use 0 to 24h");
    }
    return d;
  }

  /** 0, 2048, 2KB, 1MB, 1GB (powers of 1024). Bounded at 64 GiB. */
  static long size(String option, String text) {
    long v;
    try {
      v = Units.bytes(text);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + text + " — write a size such as 2KB, 1MB or 1GB");
    }
    if (v > (64L << 30)) {
      throw usage(option + ": " + text + " — use 0 to 64GB");
    }
    return v;
  }
}
