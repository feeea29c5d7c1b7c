package vn.edxml.node.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.RetryPolicy;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.node.Node;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.directory.Directory;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.pki.Pem;

/**
 * One benchmark run: a node on loopback with a fresh store and throw-away keys, driven by C clients
 * of the project's client jar; in the same run and with the same keys, algorithms, documents and
 * client settings, the baselines (plain CXF + WSS4J signing and verifying but storing nothing; the
 * same without security), and the crypto-only bound.
 */
public final class Bench {

  /** What the run measures. */
  public enum Mode {
    SEND,
    CYCLE
  }

  /** A target the run can drive. */
  public enum Target {
    NODE("node"),
    SIGNED_BASELINE("cxf-wss4j"),
    PLAIN_BASELINE("cxf-plain");

    private final String label;

    Target(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The run's settings. */
  public record Options(
      Mode mode,
      int clients,
      Duration warmup,
      Duration measure,
      long documentBytes,
      long attachmentBytes,
      List<Target> targets,
      KeyKind key,
      Duration cryptoTime,
      Path dir,
      String storeUrl,
      int rounds) {}

  /**
   * One pass over the targets: each target's warm-up and measured period, in the order they ran.
   */
  public record Round(int number, List<LoadRun.Result> results) {

    public LoadRun.Result find(Target target) {
      return results.stream()
          .filter(r -> r.target().equals(target.label()))
          .findFirst()
          .orElse(null);
    }

    /** The node's throughput divided by the target's in this round (null when either is absent). */
    public Double nodeOver(Target target) {
      LoadRun.Result node = find(Target.NODE);
      LoadRun.Result other = find(target);
      return node == null || other == null || other.perSecond() == 0
          ? null
          : node.perSecond() / other.perSecond();
    }
  }

  /**
   * Everything a run found. With several rounds, a target's figure is the median of its rounds and
   * a ratio the median of the rounds' ratios (each taken between periods a few minutes apart, so
   * that a machine that changes speed during the run moves both sides of a ratio together).
   */
  public record Outcome(
      Options options,
      long packageBytes,
      CryptoBound crypto,
      List<Round> rounds,
      String java,
      String machine) {

    /** Every measured period, in the order they ran. */
    public List<LoadRun.Result> results() {
      return rounds.stream().flatMap(r -> r.results().stream()).toList();
    }

    /** The target's units per second, the median over the rounds (null when it was not run). */
    public Double perSecond(Target target) {
      return median(
          rounds.stream()
              .map(r -> r.find(target))
              .filter(Objects::nonNull)
              .map(LoadRun.Result::perSecond)
              .toList());
    }

    /** The node's throughput over the target's: the median of the rounds' ratios (or null). */
    public Double nodeOver(Target target) {
      return median(rounds.stream().map(r -> r.nodeOver(target)).filter(Objects::nonNull).toList());
    }
  }

  /** The median (the mean of the middle two for an even count), or null for no values. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /**
   * The targets in the order round {@code index} (0-based) runs them: the list turned by one place
   * per round, so that with as many rounds as targets each target runs first once (the first period
   * of a fresh JVM shares the cores with more JIT compiling than the later ones).
   */
  static <T> List<T> turned(List<T> targets, int index) {
    List<T> order = new ArrayList<>(targets);
    if (!order.isEmpty()) {
      Collections.rotate(order, -(index % order.size()));
    }
    return order;
  }

  private final Options options;
  private final PrintWriter progress;
  private final Clock clock;

  public Bench(Options options, PrintWriter progress, Clock clock) {
    this.options = options;
    this.progress = progress;
    this.clock = clock;
  }

  public Outcome run() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(options.dir());
    say(
        "making throw-away keys: a CA, the node and %d organs (%s)",
        options.clients() * 2, options.key());
    BenchPki pki = new BenchPki(options.clients(), options.key(), clock.instant());
    Workload workload =
        new Workload(options.documentBytes(), options.attachmentBytes(), firstNumber());
    long packageBytes = workload.packageBytes();
    CryptoBound crypto = null;
    if (!options.cryptoTime().isZero()) {
      say("measuring signatures and verifications per second (%s each)", options.cryptoTime());
      crypto = CryptoBound.measure(pki.node(), options.cryptoTime());
    }
    List<Target> runnable = new ArrayList<>();
    for (Target target : options.targets()) {
      if (target != Target.NODE && options.mode() == Mode.CYCLE) {
        say(
            "%s: skipped, the baselines answer SendDocument only (use --mode send)",
            target.label());
      } else {
        runnable.add(target);
      }
    }
    List<Round> rounds = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      List<LoadRun.Result> results = new ArrayList<>();
      for (Target target : turned(runnable, round - 1)) {
        say(
            "%s%s: %d clients, %s warm-up, %s measured, %s mode",
            options.rounds() > 1 ? "round " + round + " of " + options.rounds() + ", " : "",
            target.label(),
            options.clients(),
            options.warmup(),
            options.measure(),
            options.mode().name().toLowerCase(Locale.ROOT));
        Path work =
            dir.resolve(options.rounds() > 1 ? target.label() + "-" + round : target.label());
        results.add(
            switch (target) {
              case NODE -> runNode(pki, workload, work);
              case SIGNED_BASELINE -> runBaseline(true, pki, workload, work);
              case PLAIN_BASELINE -> runBaseline(false, pki, workload, work);
            });
      }
      rounds.add(new Round(round, List.copyOf(results)));
    }
    return new Outcome(
        options,
        packageBytes,
        crypto,
        List.copyOf(rounds),
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        Runtime.getRuntime().availableProcessors()
            + " cores, max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB, "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch"));
  }

  private long firstNumber() {
    return clock.millis() % 1_000_000_000L * 1000;
  }

  private LoadRun.Result runNode(BenchPki pki, Workload workload, Path dir)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    char[] password = BaselineServer.KEY_PASSWORD;
    Path keystore = dir.resolve("node.p12");
    pki.node().writePkcs12(keystore, "node", password);
    Path ca = dir.resolve("ca.pem");
    Pem.writeCertificate(ca, pki.ca().certificate());
    Path data = dir.resolve("data");
    String url =
        options.storeUrl() != null
            ? options.storeUrl()
            : "jdbc:h2:file:" + data.resolve("db/edxml");
    NodeConfig config =
        new NodeConfig(
            BenchPki.NODE_ID,
            "127.0.0.1",
            0,
            "/edxml/exchange",
            keystore,
            password,
            "node",
            password,
            List.of(ca),
            List.of(),
            data,
            url,
            "sa",
            "",
            Math.max(8, options.clients() + 2),
            null,
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            Math.max(64L << 20, (options.documentBytes() + options.attachmentBytes()) * 2),
            Math.max(64L << 20, (options.documentBytes() + options.attachmentBytes()) * 3),
            false,
            false,
            100,
            Duration.ofSeconds(10),
            null);
    try (Node node = Node.start(config, clock)) {
      Directory directory = new Directory(node.store(), BenchPki.NODE_ID);
      for (BenchPki.Organ organ : pki.organs()) {
        directory.putOrgan(organ.code(), "Cơ quan " + organ.code(), null, null);
        directory.registerCertificate(organ.code(), organ.credential().certificate());
      }
      List<NodeSession> sessions = new ArrayList<>();
      try {
        for (int i = 0; i < options.clients(); i++) {
          BenchPki.Organ s = pki.sender(i);
          BenchPki.Organ r = pki.receiver(i);
          EdxmlClient sender = client(node, pki, s.credential(), s.code(), dir);
          EdxmlClient receiver =
              options.mode() == Mode.CYCLE
                  ? client(node, pki, r.credential(), r.code(), dir)
                  : sender;
          sessions.add(
              new NodeSession(
                  sender, receiver, s.code(), r.code(), workload, options.mode() == Mode.CYCLE));
        }
        return LoadRun.run(
            Target.NODE.label(), sessions, options.warmup(), options.measure(), progress);
      } finally {
        for (NodeSession session : sessions) {
          session.close();
        }
      }
    }
  }

  private static EdxmlClient client(
      Node node, BenchPki pki, Credential credential, String code, Path dir) throws IOException {
    return EdxmlClient.builder()
        .endpoint(URI.create(node.address()))
        .organ(code)
        .keyStore(
            credential.toKeyStore("organ", BaselineServer.KEY_PASSWORD),
            BaselineServer.KEY_PASSWORD,
            "organ")
        .trustedCa(pki.ca().certificate())
        .nodeCertificate(pki.node().certificate())
        .retry(RetryPolicy.NONE)
        .workDir(Files.createDirectories(dir.resolve("client-work")))
        .build();
  }

  private LoadRun.Result runBaseline(boolean signed, BenchPki pki, Workload workload, Path dir)
      throws IOException, InterruptedException {
    Path spool = Files.createDirectories(dir.resolve("spool"));
    Target target = signed ? Target.SIGNED_BASELINE : Target.PLAIN_BASELINE;
    try (BaselineServer server =
        signed
            ? BaselineServer.signed(pki.node(), pki.ca().certificate(), spool)
            : BaselineServer.plain(spool)) {
      List<Bus> buses = new ArrayList<>();
      List<BaselineSession> sessions = new ArrayList<>();
      try {
        for (int i = 0; i < options.clients(); i++) {
          BenchPki.Organ s = pki.sender(i);
          BenchPki.Organ r = pki.receiver(i);
          Bus bus = BusFactory.newInstance().createBus();
          buses.add(bus);
          if (signed) {
            Map<String, Object> security =
                BaselineServer.stockReplayCache(
                    WsSecurityProperties.signing(
                        BaselineServer.stockCrypto(s.credential(), pki.ca().certificate()),
                        "node",
                        BaselineServer.KEY_PASSWORD,
                        s.credential().certificate().getPublicKey().getAlgorithm(),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(1),
                        false));
            sessions.add(
                BaselineSession.signed(
                    bus, server.address(), security, s.code(), r.code(), workload));
          } else {
            sessions.add(
                BaselineSession.plain(bus, server.address(), s.code(), r.code(), workload));
          }
        }
        return LoadRun.run(target.label(), sessions, options.warmup(), options.measure(), progress);
      } finally {
        for (Bus bus : buses) {
          bus.shutdown(true);
        }
      }
    }
  }

  private void say(String format, Object... args) {
    progress.printf(format + "%n", args);
    progress.flush();
  }
}
