package vn.edxml.node.bench.file;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import vn.edxml.client.internal.Json;
import vn.edxml.node.Folders;
import vn.edxml.node.NodeMain;
import vn.edxml.node.cli.Table;
import vn.edxml.node.demo.DemoFolder;

/**
 * {@code bench-file}: one large attachment through a real node, sender to receiver, with the node
 * and the client each in a child JVM with a small heap ({@code -Xmx256m} by default), so that
 * memory must stay flat whatever the size.
 *
 * <ol>
 *   <li>A throw-away demo folder ({@link DemoFolder}: CA, node and two organs' keys, node and
 *       client configurations) in the work folder, with the node's package limits raised to fit the
 *       package.
 *   <li>The node: {@code java -Xmx256m -cp CLASSPATH vn.edxml.node.NodeMain --config
 *       node.properties} on a free port of 127.0.0.1, ready when {@code /health} answers 200.
 *   <li>The client: {@link LargeFileClient} (generate, prepare, send, fetch, extract, verify, and
 *       the tamper check), its progress lines echoed.
 *   <li>The node is stopped with SIGTERM; its data folder must hold the one stored package and no
 *       staged or spooled upload.
 *   <li>Heap use of both JVMs from their GC logs ({@link HeapUse}).
 * </ol>
 *
 * <p>Every wait is bounded; all traffic goes to 127.0.0.1; the work folder is deleted at the end
 * unless kept. MB are 10^6 bytes; sizes given in KiB/MiB/GiB are powers of 1024.
 */
public final class LargeFileBench {

  /** Default attachment size: 1 GiB. */
  public static final long DEFAULT_SIZE = 1L << 30;

  /** Default attachment size of the tamper check: 64 MiB (at most the main size). */
  public static final long DEFAULT_TAMPER_SIZE = 64L << 20;

  /** Largest attachment: its base64 must fit the validator's default attachment limit. */
  public static final long MAX_SIZE = 2L << 30;

  private static final Duration NODE_START = Duration.ofSeconds(90);
  private static final Duration NODE_STOP = Duration.ofSeconds(60);
  private static final Pattern SERVING = Pattern.compile("serving (http://\\S+)");
  private static final Pattern HEAP = Pattern.compile("\\d{1,6}[kKmMgG]?");

  /**
   * What to run.
   *
   * @param size attachment bytes of the measured exchange
   * @param tamperSize attachment bytes of the tamper check
   * @param dir work folder (must not exist or be empty); null for a new temporary folder
   * @param keep keep the work folder (configurations, logs, GC logs) instead of deleting it
   * @param heap the -Xmx of both child JVMs, e.g. 256m
   * @param timeout longest the client may take for all its steps
   * @param profile record a JFR profile of both JVMs into the work folder (implies keep)
   */
  public record Options(
      long size,
      long tamperSize,
      Path dir,
      boolean keep,
      String heap,
      Duration timeout,
      boolean profile) {

    public Options {
      if (size <= 0 || size > MAX_SIZE) {
        throw new IllegalArgumentException(
            "size must be 1 byte to " + MAX_SIZE + " bytes (2 GiB), not " + size);
      }
      if (tamperSize <= 0 || tamperSize > MAX_SIZE) {
        throw new IllegalArgumentException("tamper size must be 1 byte to 2 GiB");
      }
      if (heap == null || !HEAP.matcher(heap).matches()) {
        throw new IllegalArgumentException("heap must look like 256m or 1g, not " + heap);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
    }
  }

  /** The run could not be completed; the message says why, {@link #fix()} what to do. */
  public static final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String fix;

    BenchException(String message, String fix) {
      super(message);
      this.fix = fix;
    }

    BenchException(String message, String fix, Throwable cause) {
      super(message, cause);
      this.fix = fix;
    }

    public String fix() {
      return fix;
    }
  }

  private final Options options;
  private final PrintWriter out;
  private final List<Process> children = new ArrayList<>();

  private LargeFileBench(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the benchmark, printing progress to {@code out}.
   *
   * @return the report; {@link Report#ok()} tells whether every check passed
   * @throws BenchException when the run cannot be completed (no disk space, the node does not
   *     start, the client times out, ...)
   */
  public static Report run(Options options, PrintWriter out)
      throws IOException, InterruptedException {
    return new LargeFileBench(options, out).run();
  }

  private Report run() throws IOException, InterruptedException {
    boolean madeDir = options.dir() == null || Files.notExists(options.dir());
    Path work = workFolder();
    boolean keep = options.keep() || options.profile();
    // Ctrl-C on this JVM must not leave a node or a client running.
    Thread reaper = new Thread(this::destroyChildren, "bench-file-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      checkSpace(work);
      return measure(work, keep);
    } finally {
      destroyChildren();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
      if (!keep) {
        if (madeDir) {
          Folders.deleteTree(work);
        } else {
          Folders.deleteContents(work);
        }
      }
    }
  }

  private void destroyChildren() {
    synchronized (children) {
      for (Process p : children) {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
    }
  }

  private Report measure(Path work, boolean keep) throws IOException, InterruptedException {
    say(
        "bench-file: %,d-byte attachment, tamper check with %,d bytes, -Xmx%s for node and"
            + " client; work folder %s%s",
        options.size(), options.tamperSize(), options.heap(), work, keep ? " (kept)" : "");
    double loadBefore = loadAverage();
    double pressureBefore = cpuPressure();
    DemoFolder folder = DemoFolder.prepare(work.resolve("node"), 0, Clock.systemUTC());
    raiseLimits(
        folder.nodeConfig(), packageEstimate(Math.max(options.size(), options.tamperSize())));

    Path nodeGc = work.resolve("node-gc.log");
    Path clientGc = work.resolve("client-gc.log");
    Path resultFile = work.resolve("client-result.properties");
    Properties client;
    int clientExit;
    List<String> problems = new ArrayList<>();
    Process node =
        start(
            jvm("node", nodeGc, work)
                .with(NodeMain.class.getName(), "--config", folder.nodeConfig().toString()),
            work.resolve("node.log"));
    try {
      String address = awaitServing(node, work.resolve("node.log"));
      for (DemoFolder.DemoOrgan organ : DemoFolder.ORGANS) {
        folder.updateEndpoint(organ, address);
      }
      awaitHealthy(URI.create(address).resolve("/health"), node, work.resolve("node.log"));
      say("bench-file: node serving %s (pid %d)", address, node.pid());

      List<String> command =
          jvm("client", clientGc, work)
              .with(
                  LargeFileClient.class.getName(),
                  "--sender",
                  folder.clientConfig(DemoFolder.ORGANS.get(0)).toString(),
                  "--receiver",
                  folder.clientConfig(DemoFolder.ORGANS.get(1)).toString(),
                  "--size",
                  Long.toString(options.size()),
                  "--tamper-size",
                  Long.toString(options.tamperSize()),
                  "--work",
                  work.resolve("client").toString(),
                  "--result",
                  resultFile.toString());
      clientExit = runClient(command);
      client = readResult(resultFile);
      problems.addAll(nodeLeftovers(work.resolve("node").resolve("data"), client));
    } finally {
      if (!stop(node)) {
        problems.add("the node did not stop within " + NODE_STOP.toSeconds() + " s of SIGTERM");
      }
    }
    long packageBytes = Long.parseLong(client.getProperty("package.bytes", "-1"));
    DiskFloor floor = null;
    if (packageBytes > 0) {
      say(
          "bench-file: this machine alone: a %,d-byte file written, forced, read back",
          packageBytes);
      floor = DiskFloor.measure(work, packageBytes);
    }
    if (clientExit != 0) {
      problems.add(
          "the client reported a failed check (exit "
              + clientExit
              + ")"
              + (client.getProperty("failure") == null
                  ? ""
                  : ": " + client.getProperty("failure")));
    }
    return new Report(
        options,
        client,
        HeapUse.read(nodeGc),
        HeapUse.read(clientGc),
        problems,
        new Machine(
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAverage(),
            pressureBefore,
            cpuPressure()),
        floor,
        work,
        keep);
  }

  /**
   * The machine the figures were measured on: its processors, its load average (1 minute) and, on
   * Linux, its CPU pressure (the share of the last minute in which some task waited for a CPU,
   * {@code /proc/pressure/cpu}, NaN elsewhere) before and after the run. Other work on the machine
   * slows every step: a load above the processor count or a pressure of tens of percent means the
   * figures are not this code's alone.
   */
  record Machine(
      int processors,
      double loadBefore,
      double loadAfter,
      double cpuPressureBefore,
      double cpuPressureAfter) {}

  private static final Pattern CPU_PRESSURE = Pattern.compile("^some .*avg60=([0-9.]+)");

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Percent of the last minute in which some task waited for a CPU; NaN when unknown. */
  private static double cpuPressure() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
        Matcher m = CPU_PRESSURE.matcher(line);
        if (m.find()) {
          return Double.parseDouble(m.group(1));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no pressure information: unknown
    }
    return Double.NaN;
  }

  // ------------------------------------------------------------------ the work folder

  private Path workFolder() throws IOException {
    Path dir = options.dir();
    if (dir == null) {
      return Files.createTempDirectory("edxml-bench-file-").toAbsolutePath();
    }
    dir = dir.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new BenchException(dir + " is a file", "give --dir a folder that is new or empty");
      }
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new BenchException(
              dir + " is not empty", "give --dir a folder that is new or empty");
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /**
   * At the worst moment the disk holds the package four times (client file, the node's spool,
   * staging and payload files) and the attachment twice; the tamper check repeats it smaller.
   */
  private void checkSpace(Path work) throws IOException {
    long need = 6 * options.size() + 6 * options.tamperSize() + (512L << 20);
    long free = Files.getFileStore(work).getUsableSpace();
    if (free < need) {
      throw new BenchException(
          String.format(
              Locale.ROOT,
              "%s has %.1f GB free; a %,d-byte run needs about %.1f GB",
              work,
              free / 1e9,
              options.size(),
              need / 1e9),
          "free disk space, give --dir on a larger disk, or a smaller --size");
    }
  }

  /** Bytes of a package holding one attachment of {@code size} bytes, with room for the XML. */
  static long packageEstimate(long size) {
    return (size + 2) / 3 * 4 + (1 << 20);
  }

  private static void raiseLimits(Path nodeConfig, long packageBytes) throws IOException {
    long max = Math.max(512L << 20, packageBytes);
    String lines =
        "\n# bench-file: room for the benchmark's package\n"
            + "limits.max-package-size="
            + max
            + "\nlimits.max-request-size="
            + (max + (16L << 20))
            + "\n";
    Files.writeString(nodeConfig, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  // ------------------------------------------------------------------ child JVMs

  /** A java command line being built. */
  private record Command(List<String> args) {
    List<String> with(String... more) {
      List<String> all = new ArrayList<>(args);
      all.addAll(Arrays.asList(more));
      return all;
    }
  }

  private Command jvm(String name, Path gcLog, Path work) throws IOException {
    Path tmp = Files.createDirectories(work.resolve(name + "-tmp"));
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    args.add("-Xmx" + options.heap());
    args.add("-XX:+UseG1GC");
    args.add(HeapUse.logOption(gcLog));
    args.add("-Djava.io.tmpdir=" + tmp);
    if (options.profile()) {
      args.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + work.resolve(name + ".jfr").toAbsolutePath());
    }
    args.add("-cp");
    args.add(classPath());
    return new Command(args);
  }

  /** This JVM's class path with absolute entries, so a child finds it from any folder. */
  private static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isEmpty())
        .map(s -> Path.of(s).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private Process start(List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (log != null) {
      pb.redirectOutput(log.toFile());
    }
    // The child reads only what it is given: no EDXML_* override from this shell.
    pb.environment().keySet().removeIf(k -> k.startsWith("EDXML_"));
    synchronized (children) {
      Process p = pb.start();
      children.add(p);
      return p;
    }
  }

  private String awaitServing(Process node, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + NODE_START.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = SERVING.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      if (!node.isAlive()) {
        throw new BenchException(
            "the node exited with " + node.exitValue() + " before serving:\n" + tail(log),
            "see the node's output above");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new BenchException(
        "the node did not serve within " + NODE_START.toSeconds() + " s:\n" + tail(log),
        "see the node's output above; a slow machine may need a second try");
  }

  private static void awaitHealthy(URI health, Process node, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + NODE_START.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline && node.isAlive()) {
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new BenchException(
        health + " did not answer 200 (last: " + last + "):\n" + tail(log),
        "see the node's output above");
  }

  /** Runs the client, echoing its lines; returns its exit code. */
  private int runClient(List<String> command) throws IOException, InterruptedException {
    Process client = start(command, null);
    Thread echo =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  say("%s", line);
                }
              } catch (IOException e) {
                // the client ended
              }
            },
            "bench-file-client-output");
    echo.setDaemon(true);
    echo.start();
    boolean finished = false;
    try {
      finished = client.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (!finished) {
        client.destroyForcibly();
        client.waitFor(30, TimeUnit.SECONDS);
      }
    }
    if (!finished) {
      throw new BenchException(
          "the client did not finish within " + options.timeout().toMinutes() + " min",
          "give a longer --timeout or a smaller --size");
    }
    echo.join(5_000);
    return client.exitValue();
  }

  private static Properties readResult(Path file) throws IOException {
    if (Files.notExists(file)) {
      throw new BenchException(
          "the client wrote no result (" + file + ")", "see the client's output above");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  /** SIGTERM, then a bounded wait; true when the node stopped by itself. */
  private static boolean stop(Process node) throws InterruptedException {
    if (!node.isAlive()) {
      return true;
    }
    node.destroy();
    if (node.waitFor(NODE_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    node.destroyForcibly();
    node.waitFor(30, TimeUnit.SECONDS);
    return false;
  }

  /**
   * What the node's data folder must look like after the run: the one accepted package stored,
   * nothing left in {@code incoming/}, no spooled MTOM part in {@code spool/}, no staged upload in
   * {@code tmp/} (the tampered upload leaves nothing behind).
   */
  private static List<String> nodeLeftovers(Path data, Properties client) throws IOException {
    List<String> problems = new ArrayList<>();
    for (String folder : List.of("incoming", "spool", "tmp")) {
      List<Path> files = files(data.resolve(folder));
      if (!files.isEmpty()) {
        problems.add("the node left " + files.size() + " file(s) in data/" + folder + ": " + files);
      }
    }
    List<Path> stored = files(data.resolve("payloads"));
    String expected = client.getProperty("package.bytes");
    if (expected != null) {
      boolean one = stored.size() == 1 && Long.toString(Files.size(stored.get(0))).equals(expected);
      if (!one) {
        problems.add(
            "data/payloads should hold exactly the one accepted package of "
                + expected
                + " bytes, holds "
                + stored);
      }
    }
    return problems;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (Files.notExists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  private static String tail(Path log) throws IOException {
    if (Files.notExists(log)) {
      return "(no output)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private void say(String format, Object... args) {
    synchronized (out) {
      out.println(String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }

  // ------------------------------------------------------------------ the report

  /** The figures and checks of one run. */
  public static final class Report {
    private static final List<String> STEPS =
        List.of("generate", "prepare", "send", "fetch", "extract", "verify");

    /** Steps that write, move or read the whole package (the others: the attachment). */
    private static final List<String> PACKAGE_STEPS =
        List.of("prepare", "send", "fetch", "extract");

    private final Options options;
    private final Properties client;
    private final HeapUse node;
    private final HeapUse clientHeap;
    private final List<String> problems;
    private final Machine machine;
    private final DiskFloor floor; // null when the client wrote no package
    private final Path work;
    private final boolean kept;

    Report(
        Options options,
        Properties client,
        HeapUse node,
        HeapUse clientHeap,
        List<String> problems,
        Machine machine,
        DiskFloor floor,
        Path work,
        boolean kept) {
      this.options = options;
      this.client = client;
      this.node = node;
      this.clientHeap = clientHeap;
      this.problems = List.copyOf(problems);
      this.machine = machine;
      this.floor = floor;
      this.work = work;
      this.kept = kept;
    }

    /** Whether every check passed: same bytes out, tampering refused, nothing left behind. */
    public boolean ok() {
      return problems.isEmpty() && "true".equals(client.getProperty("ok"));
    }

    public List<String> problems() {
      return problems;
    }

    private long number(String key) {
      String v = client.getProperty(key);
      return v == null ? -1 : Long.parseLong(v);
    }

    private double seconds(String step) {
      long n = number(step + ".nanos");
      return n < 0 ? Double.NaN : n / 1e9;
    }

    private static double rate(long bytes, double seconds) {
      return bytes < 0 || !(seconds > 0) ? Double.NaN : bytes / 1e6 / seconds;
    }

    /** The report as JSON (see the class comment of {@link LargeFileCommand}). */
    public String json() {
      long size = options.size();
      long pkg = number("package.bytes");
      Json steps = Json.object();
      for (String step : STEPS) {
        double s = seconds(step);
        boolean wholePackage = PACKAGE_STEPS.contains(step);
        steps.put(
            step,
            Json.object()
                .put("seconds", s)
                .put("attachmentMBps", rate(size, s))
                .put("packageMBps", wholePackage ? rate(pkg, s) : null));
      }
      double sendFetch = seconds("send") + seconds("fetch");
      steps.put(
          "sendFetch",
          Json.object()
              .put("seconds", sendFetch)
              .put("attachmentMBps", rate(size, sendFetch))
              .put("packageMBps", rate(pkg, sendFetch)));
      double all = sendFetch + seconds("prepare") + seconds("extract");
      steps.put(
          "prepareSendFetchExtract",
          Json.object()
              .put("seconds", all)
              .put("attachmentMBps", rate(size, all))
              .put("packageMBps", null));
      return Json.object()
          .put("tool", "bench-file")
          .put("ok", ok())
          .put("sizeBytes", size)
          .put("packageBytes", pkg)
          .put("heapLimit", options.heap())
          .put("mb", "10^6 bytes")
          .put("warmupSeconds", seconds("warmup"))
          .put(
              "machine",
              Json.object()
                  .put("processors", machine.processors())
                  .put("loadAverageBefore", machine.loadBefore())
                  .put("loadAverageAfter", machine.loadAfter())
                  .put("cpuPressurePercentBefore", machine.cpuPressureBefore())
                  .put("cpuPressurePercentAfter", machine.cpuPressureAfter()))
          .put("steps", steps)
          .put("machineAlone", floorJson(size))
          .put(
              "integrity",
              Json.object()
                  .put("attachmentSha256", client.getProperty("attachment.sha256"))
                  .put("receivedSha256", client.getProperty("attachment.sha256.received"))
                  .put("receivedBytes", number("attachment.bytes.received"))
                  .put("attachmentMatch", "true".equals(client.getProperty("attachment.match")))
                  .put("packageSha256", client.getProperty("package.sha256.sent"))
                  .put("packageMatch", "true".equals(client.getProperty("package.match")))
                  .put("messageId", client.getProperty("message.id")))
          .put("tamper", tamperJson())
          .put(
              "heap",
              Json.object()
                  .put("node", heapJson(node, -1))
                  .put("client", heapJson(clientHeap, number("heap.pool.peaks.bytes"))))
          .put("problems", problems)
          .put("clientFailure", client.getProperty("failure"))
          .put("workFolder", kept ? work.toString() : null)
          .pretty();
    }

    private Json floorJson(long size) {
      if (floor == null) {
        return null;
      }
      return Json.object()
          .put("fileBytes", floor.bytes())
          .put("writeForceSeconds", floor.writeSeconds())
          .put("writeForceMBps", rate(floor.bytes(), floor.writeSeconds()))
          .put("readSha256Seconds", floor.readSha256Seconds())
          .put("readSha256MBps", rate(floor.bytes(), floor.readSha256Seconds()))
          .put("sendFetchFloorSeconds", floor.sendFetchSeconds())
          .put("sendFetchFloorAttachmentMBps", rate(size, floor.sendFetchSeconds()));
    }

    private Json tamperJson() {
      String faults = "faults." + LargeFileClient.EXPECTED_TAMPER_CODE;
      return Json.object()
          .put("sizeBytes", options.tamperSize())
          .put("packageBytes", number("tamper.package.bytes"))
          .put("changedOffset", number("tamper.offset"))
          .put("changedAfterBytesSent", number("tamper.changed.after.bytes"))
          .put("accepted", "true".equals(client.getProperty("tamper.accepted")))
          .put("code", client.getProperty("tamper.code"))
          .put("correlationId", client.getProperty("tamper.correlation.id"))
          .put("refused", "true".equals(client.getProperty("tamper.refused")))
          .put("nothingStored", "true".equals(client.getProperty("tamper.nothing.stored")))
          .put("faultCounted", "true".equals(client.getProperty("tamper.fault.counted")))
          .put("pendingListed", "true".equals(client.getProperty("tamper.pending.listed")))
          .put(
              "storeMessages",
              List.of(
                  number("tamper.before.store.messages"), number("tamper.after.store.messages")))
          .put(
              "storePayloadBytes",
              List.of(
                  number("tamper.before.store.payload.bytes"),
                  number("tamper.after.store.payload.bytes")))
          .put(
              "digestMismatchFaults",
              List.of(number("tamper.before." + faults), number("tamper.after." + faults)));
    }

    private static Json heapJson(HeapUse h, long poolPeaks) {
      Json j =
          Json.object()
              .put("peakUsedBytes", h.peakUsedBytes())
              .put("maxLiveAfterGcBytes", h.maxLiveAfterGcBytes())
              .put("maxCommittedBytes", h.maxCommittedBytes())
              .put("collections", h.collections())
              .put("exitLogged", h.exitLogged());
      if (poolPeaks >= 0) {
        j.put("poolPeakSumBytes", poolPeaks);
      }
      return j;
    }

    /** The table: steps with times and rates, the checks, heap use. */
    public void print(PrintWriter out) {
      long size = options.size();
      long pkg = number("package.bytes");
      out.println();
      out.printf(
          Locale.ROOT,
          "bench-file: %,d-byte attachment (%.1f MB), package %,d bytes; MB = 10^6 bytes%n"
              + "machine: %d processors, load average %.2f before, %.2f after; CPU pressure"
              + " (some, 60 s) %.0f%% before, %.0f%% after%n",
          size,
          size / 1e6,
          pkg,
          machine.processors(),
          machine.loadBefore(),
          machine.loadAfter(),
          machine.cpuPressureBefore(),
          machine.cpuPressureAfter());
      var table = new Table("step", "seconds", "attachment MB/s", "package MB/s", "");
      row(table, "generate", seconds("generate"), size, -1, "pseudo-random file, SHA-256");
      row(table, "prepare", seconds("prepare"), size, pkg, "package written (base64)");
      row(table, "send", seconds("send"), size, pkg, "organ A -> node, receipt");
      row(table, "fetch", seconds("fetch"), size, pkg, "node -> organ B, checked");
      double sendFetch = seconds("send") + seconds("fetch");
      row(table, "send+fetch", sendFetch, size, pkg, "end to end, transfer");
      row(table, "extract", seconds("extract"), size, pkg, "attachment decoded");
      row(table, "verify", seconds("verify"), size, -1, "SHA-256 of the decoded file");
      double all = sendFetch + seconds("prepare") + seconds("extract");
      row(table, "all", all, size, -1, "prepare+send+fetch+extract");
      table.print(out);
      out.printf(
          Locale.ROOT,
          "(before send and fetch, one untimed signed call each as warm-up: %.2f s)%n",
          seconds("warmup"));
      if (floor != null) {
        out.printf(
            Locale.ROOT,
            "this machine alone, one thread, same run: the package written in 64 KiB blocks and"
                + " forced %.2f s (%.1f MB/s), read back with SHA-256 %.2f s (%.1f MB/s);%n"
                + "send+fetch writes the package durably twice (node, receiving organ): %.2f s,"
                + " %.1f attachment MB/s at best here%n",
            floor.writeSeconds(),
            rate(floor.bytes(), floor.writeSeconds()),
            floor.readSha256Seconds(),
            rate(floor.bytes(), floor.readSha256Seconds()),
            floor.sendFetchSeconds(),
            rate(size, floor.sendFetchSeconds()));
      }
      out.println();
      boolean match = "true".equals(client.getProperty("attachment.match"));
      out.println(
          "attachment SHA-256: "
              + (match ? "same" : "DIFFERENT")
              + " after the round trip ("
              + client.getProperty("attachment.sha256")
              + ")");
      out.printf(
          Locale.ROOT,
          "one byte changed after signing (%,d-byte attachment): %s%s%n",
          options.tamperSize(),
          "true".equals(client.getProperty("tamper.refused"))
              ? "refused with " + client.getProperty("tamper.code")
              : "NOT REFUSED AS EXPECTED ("
                  + client.getProperty("tamper.code", "accepted or no answer")
                  + ")",
          "true".equals(client.getProperty("tamper.nothing.stored"))
              ? ", nothing stored"
              : ", STORE CHANGED OR UNKNOWN");
      out.println();
      var heap =
          new Table(
              "heap (-Xmx" + options.heap() + ")",
              "peak used",
              "max live after GC",
              "GCs",
              "pool peaks (sum)");
      heapRow(heap, "node", node, -1);
      heapRow(heap, "client", clientHeap, number("heap.pool.peaks.bytes"));
      heap.print(out);
      for (String p : problems) {
        out.println("PROBLEM: " + p);
      }
      if (client.getProperty("failure") != null) {
        out.println("client failure: " + client.getProperty("failure"));
      }
      out.println(ok() ? "all checks passed" : "CHECKS FAILED");
      if (kept) {
        out.println("work folder kept: " + work);
      }
      out.flush();
    }

    private static void row(
        Table t, String step, double seconds, long size, long pkg, String what) {
      t.row(
          step,
          format("%.2f", seconds),
          format("%.1f", rate(size, seconds)),
          pkg < 0 ? "" : format("%.1f", rate(pkg, seconds)),
          what);
    }

    private static void heapRow(Table t, String who, HeapUse h, long poolPeaks) {
      t.row(
          who,
          mib(h.peakUsedBytes()),
          h.maxLiveAfterGcBytes() < 0 ? "no GC" : mib(h.maxLiveAfterGcBytes()),
          Integer.toString(h.collections()),
          poolPeaks < 0 ? "" : mib(poolPeaks));
    }

    private static String mib(long bytes) {
      return format("%.1f MiB", bytes / (double) (1 << 20));
    }

    private static String format(String f, double v) {
      return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, f, v);
    }
  }
}
