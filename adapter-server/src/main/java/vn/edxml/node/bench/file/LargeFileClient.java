package vn.edxml.node.bench.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.ClientListener;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.FetchedMessage;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.Rejection;
import vn.edxml.client.RetryPolicy;
import vn.edxml.client.SendReceipt;
import vn.edxml.io.EdxmlReader;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.node.Folders;
import vn.edxml.xml.XmlLimits;

/**
 * The client side of {@code bench-file}, run by {@link LargeFileBench} in a JVM of its own with the
 * same small heap as the node, through the public {@link EdxmlClient} only:
 *
 * <ol>
 *   <li>generate: a SIZE-byte pseudo-random attachment file, written in 1 MiB chunks, and its
 *       SHA-256;
 *   <li>prepare: organ A's package with that attachment (base64 inside the XML), written to a file
 *       as {@link EdxmlClient#send(EdxmlPackage)} would;
 *   <li>warm-up, untimed: one signed call each as organ A and organ B (the first call of a JVM
 *       loads the WSDL, the policy engine and the security classes);
 *   <li>send: {@link EdxmlClient#send(Path)} as organ A (the client's digest pass, the upload, the
 *       node's checks and durable storage, the signed receipt);
 *   <li>fetch: {@link EdxmlClient#fetch(String, Path)} as organ B (download, digest check against
 *       the signed envelope, fsync, atomic rename);
 *   <li>extract: the attachment decoded from the fetched package; verify: its SHA-256 against the
 *       original's;
 *   <li>tamper: a package of TAMPER-SIZE bytes of attachment is sent with a listener that, once the
 *       signed request is streaming, changes one base64 character in the middle of the package file
 *       not yet read: the bytes on the wire differ by one from those whose digest the signed
 *       Interchange header carries. The node must refuse with {@code payload_digest_mismatch}, and
 *       its store must not change (its {@code /metrics}: messages, payload bytes; organ B's pending
 *       list).
 * </ol>
 *
 * <p>Progress lines go to standard output; timings (nanoseconds), digests and checks to the result
 * file as properties, also after a failure (key {@code failure}). Exit code 0 when every check
 * passed, 1 otherwise, 2 for wrong arguments.
 *
 * <p>Arguments: {@code --sender FILE --receiver FILE --size BYTES --tamper-size BYTES --work DIR
 * --result FILE}.
 */
public final class LargeFileClient {

  static final String EXPECTED_TAMPER_CODE = "payload_digest_mismatch";
  private static final int CHUNK = 1 << 20;
  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** Library loggers quietened here, held so their levels survive garbage collection. */
  private static final List<Logger> QUIET =
      List.of(
          Logger.getLogger("org.apache.cxf"),
          Logger.getLogger("org.apache.wss4j"),
          Logger.getLogger("org.apache.xml.security"),
          Logger.getLogger("org.eclipse.jetty"),
          Logger.getLogger("org.ehcache"));

  private final Path senderConfig;
  private final Path receiverConfig;
  private final long size;
  private final long tamperSize;
  private final Path work;
  private final Path resultFile;
  private final PrintStream out = System.out;
  private final Properties result = new Properties();

  private LargeFileClient(Map<String, String> args) {
    this.senderConfig = Path.of(required(args, "--sender"));
    this.receiverConfig = Path.of(required(args, "--receiver"));
    this.size = positive(args, "--size");
    this.tamperSize = positive(args, "--tamper-size");
    this.work = Path.of(required(args, "--work"));
    this.resultFile = Path.of(required(args, "--result"));
  }

  public static void main(String[] args) {
    for (Logger logger : QUIET) {
      logger.setLevel(Level.WARNING);
    }
    LargeFileClient client;
    try {
      client = new LargeFileClient(parse(args));
    } catch (IllegalArgumentException e) {
      System.err.println("bench-file client: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code = client.run();
    System.out.flush();
    System.exit(code);
  }

  private int run() {
    boolean ok = false;
    try {
      Files.createDirectories(work);
      ok = exchange() & tamper();
    } catch (Exception e) {
      result.setProperty("failure", e.toString());
      out.println("client: FAILED: " + e);
    } finally {
      heap();
      result.setProperty("ok", Boolean.toString(ok));
      try {
        writeResult();
      } catch (IOException e) {
        System.err.println("bench-file client: cannot write " + resultFile + ": " + e);
        ok = false;
      }
    }
    return ok ? 0 : 1;
  }

  // ------------------------------------------------------------------ the 1 GiB exchange

  private boolean exchange() throws IOException {
    ClientConfig a = ClientConfig.load(senderConfig);
    ClientConfig b = ClientConfig.load(receiverConfig);
    AtomicLong uploaded = new AtomicLong();
    AtomicLong downloaded = new AtomicLong();
    ClientListener up =
        new ClientListener() {
          @Override
          public void uploaded(String messageId, long bytes, long total) {
            uploaded.set(bytes);
          }
        };
    ClientListener down =
        new ClientListener() {
          @Override
          public void downloaded(String messageId, long bytes, long total) {
            downloaded.set(bytes);
          }
        };

    Path attachment = work.resolve("attachment.bin");
    out.printf("client: generate a %,d-byte attachment%n", size);
    long t0 = System.nanoTime();
    String original = generate(attachment, size, 1);
    put("generate.nanos", System.nanoTime() - t0);
    result.setProperty("attachment.sha256", original);

    Path pkg = work.resolve("package.edxml");
    out.println("client: prepare the package (attachment base64-encoded into the XML)");
    t0 = System.nanoTime();
    try (Progress p = Progress.start("prepare", -1, () -> sizeOf(pkg), out)) {
      writePackage(edoc(a, b, "LARGE", attachment), pkg);
    }
    put("prepare.nanos", System.nanoTime() - t0);
    long packageBytes = Files.size(pkg);
    put("package.bytes", packageBytes);
    Files.delete(attachment);

    Path fetched = work.resolve("fetched.edxml");
    SendReceipt receipt;
    FetchedMessage message;
    try (EdxmlClient sender = client(a, up);
        EdxmlClient receiver = client(b, down)) {
      // One signed call each first, untimed: the first call of a JVM loads the WSDL, the policy
      // engine and the security classes; that is start-up, not transfer.
      out.println("client: warm up (one signed GetOrganizations each as A and B)");
      t0 = System.nanoTime();
      warmUp(sender);
      warmUp(receiver);
      put("warmup.nanos", System.nanoTime() - t0);
      out.println("client: send as " + a.organId());
      t0 = System.nanoTime();
      Outcome<SendReceipt> sent;
      try (Progress p = Progress.start("send", packageBytes, uploaded::get, out)) {
        sent = sender.send(pkg);
      }
      put("send.nanos", System.nanoTime() - t0);
      if (sent.rejection().isPresent()) {
        throw new IllegalStateException("the node refused the package: " + sent.rejection().get());
      }
      receipt = sent.value();
      Files.delete(pkg);
      result.setProperty("message.id", receipt.messageId());
      result.setProperty("package.sha256.sent", receipt.payloadSha256());

      out.println("client: fetch as " + b.organId());
      t0 = System.nanoTime();
      Outcome<FetchedMessage> got;
      try (Progress p = Progress.start("fetch", packageBytes, downloaded::get, out)) {
        got = receiver.fetch(receipt.messageId(), fetched);
      }
      put("fetch.nanos", System.nanoTime() - t0);
      if (got.rejection().isPresent()) {
        throw new IllegalStateException("the node refused the fetch: " + got.rejection().get());
      }
      message = got.value();
    }
    result.setProperty("package.sha256.fetched", message.sha256());

    out.println("client: extract the attachment from the fetched package");
    AtomicLong read = new AtomicLong();
    Path extracted = work.resolve("extracted");
    t0 = System.nanoTime();
    Attachment decoded;
    try (Progress p = Progress.start("extract", packageBytes, read::get, out);
        InputStream in = new Counting(Files.newInputStream(fetched), read)) {
      EdxmlPackage pkgRead =
          EdxmlReader.builder()
              .limits(limitsFor(packageBytes))
              .attachmentFolder(extracted)
              .build()
              .read(in);
      List<Attachment> attachments = ((Edoc) pkgRead).attachments();
      if (attachments.size() != 1 || attachments.get(0).file().isEmpty()) {
        throw new IllegalStateException(
            "the fetched package holds " + attachments.size() + " attachments, expected 1");
      }
      decoded = attachments.get(0);
    }
    put("extract.nanos", System.nanoTime() - t0);
    Files.delete(fetched);

    Path file = decoded.file().orElseThrow();
    t0 = System.nanoTime();
    String received = sha256(file);
    put("verify.nanos", System.nanoTime() - t0);
    put("attachment.bytes.received", Files.size(file));
    result.setProperty("attachment.sha256.received", received);
    Folders.deleteTree(extracted);

    boolean same = original.equals(received) && receipt.payloadSha256().equals(message.sha256());
    out.println(
        "client: attachment SHA-256 "
            + (original.equals(received) ? "matches" : "DIFFERS")
            + " ("
            + original
            + ")");
    result.setProperty("attachment.match", Boolean.toString(original.equals(received)));
    result.setProperty(
        "package.match", Boolean.toString(receipt.payloadSha256().equals(message.sha256())));
    return same;
  }

  // ------------------------------------------------------------------ tampering

  private boolean tamper() throws IOException, InterruptedException {
    ClientConfig a = ClientConfig.load(senderConfig);
    ClientConfig b = ClientConfig.load(receiverConfig);
    Path attachment = work.resolve("tamper.bin");
    Path pkg = work.resolve("tamper.edxml");
    out.printf("client: tamper check with a %,d-byte attachment%n", tamperSize);
    generate(attachment, tamperSize, 2);
    writePackage(edoc(a, b, "TAMPER", attachment), pkg);
    Files.delete(attachment);
    long packageBytes = Files.size(pkg);
    put("tamper.package.bytes", packageBytes);

    // One base64 character in the middle of the attachment text, to another base64 character: the
    // package stays well-formed and schema-valid, so only the signed digest can catch the change.
    long offset = packageBytes / 2;
    byte before = readByte(pkg, offset);
    if (BASE64.indexOf(before) < 0) {
      throw new IllegalStateException(
          "byte " + offset + " of the tamper package is not base64 text: " + before);
    }
    byte after = (byte) (before == 'A' ? 'B' : 'A');
    put("tamper.offset", offset);

    URI base = baseUrl(a.endpoint());
    Map<String, Long> metricsBefore = metrics(base);
    AtomicLong flippedAt = new AtomicLong(-1);
    AtomicReference<String> flipProblem = new AtomicReference<>();
    ClientListener flipper =
        new ClientListener() {
          @Override
          public void uploaded(String messageId, long bytes, long total) {
            if (flippedAt.get() >= 0 || flipProblem.get() != null) {
              return;
            }
            // The package file is read front to back as it is uploaded: a byte after `bytes` has
            // not been read yet, so it leaves with the change, after the request was signed.
            if (bytes >= offset) {
              flipProblem.set("the upload passed byte " + offset + " before it could be changed");
              return;
            }
            try {
              writeByte(pkg, offset, after);
              flippedAt.set(bytes);
            } catch (IOException e) {
              flipProblem.set("cannot change the package file: " + e);
            }
          }
        };
    String messageId = UUID.randomUUID().toString();
    Outcome<SendReceipt> outcome;
    try (EdxmlClient tamperer = client(a, flipper)) {
      outcome = tamperer.send(pkg, messageId);
    }
    Files.delete(pkg);
    if (flipProblem.get() != null) {
      throw new IllegalStateException("tamper check not run: " + flipProblem.get());
    }
    if (flippedAt.get() < 0) {
      throw new IllegalStateException("tamper check not run: the upload was never reported");
    }
    put("tamper.changed.after.bytes", flippedAt.get());
    Map<String, Long> metricsAfter = metrics(base);

    boolean listed;
    try (EdxmlClient receiver = client(b, ClientListener.NONE)) {
      Outcome<Pending> pending = receiver.pending();
      listed =
          pending.isAccepted()
              && pending.value().messages().stream().anyMatch(m -> m.messageId().equals(messageId));
    }

    Rejection rejection = outcome.rejection().orElse(null);
    result.setProperty("tamper.accepted", Boolean.toString(outcome.isAccepted()));
    if (rejection != null) {
      result.setProperty("tamper.code", rejection.codeId());
      if (rejection.correlationId() != null) {
        result.setProperty("tamper.correlation.id", rejection.correlationId());
      }
    }
    String faults = "faults." + EXPECTED_TAMPER_CODE;
    for (String key : List.of("store.messages", "store.payload.bytes", faults)) {
      put("tamper.before." + key, metricsBefore.getOrDefault(key, 0L));
      put("tamper.after." + key, metricsAfter.getOrDefault(key, 0L));
    }
    result.setProperty("tamper.pending.listed", Boolean.toString(listed));
    boolean refused = rejection != null && EXPECTED_TAMPER_CODE.equals(rejection.codeId());
    boolean nothingStored =
        !listed
            && metricsBefore
                .getOrDefault("store.messages", -1L)
                .equals(metricsAfter.getOrDefault("store.messages", -2L))
            && metricsBefore
                .getOrDefault("store.payload.bytes", -1L)
                .equals(metricsAfter.getOrDefault("store.payload.bytes", -2L));
    boolean counted =
        metricsAfter.getOrDefault(faults, 0L) == metricsBefore.getOrDefault(faults, 0L) + 1;
    result.setProperty("tamper.refused", Boolean.toString(refused));
    result.setProperty("tamper.nothing.stored", Boolean.toString(nothingStored));
    result.setProperty("tamper.fault.counted", Boolean.toString(counted));
    out.println(
        "client: one byte changed after signing: "
            + (rejection == null ? "ACCEPTED" : "refused with " + rejection.codeId())
            + (nothingStored ? ", nothing stored" : ", STORE CHANGED"));
    return refused && nothingStored && counted;
  }

  // ------------------------------------------------------------------ helpers

  private EdxmlClient client(ClientConfig config, ClientListener listener) throws IOException {
    // No retries (a retry would hide a failure and skew the timing); a receive timeout that leaves
    // room for the node's checks of a large package at a slow 10 MB/s.
    Duration receive = Duration.ofSeconds(300 + Math.max(size, tamperSize) / 10_000_000);
    return config.toBuilder()
        .retry(RetryPolicy.NONE)
        .receiveTimeout(receive)
        .listener(listener)
        .workDir(work.resolve("tmp"))
        .build();
  }

  private static void warmUp(EdxmlClient client) {
    Outcome<?> o = client.organizations(null, null);
    if (o.rejection().isPresent()) {
      throw new IllegalStateException("the node refused GetOrganizations: " + o.rejection().get());
    }
  }

  private static Edoc edoc(ClientConfig a, ClientConfig b, String notation, Path attachment) {
    return Edoc.builder()
        .from(Organ.of(a.organId(), name(a)))
        .to(Organ.of(b.organId(), name(b)))
        .code(Long.toString(System.currentTimeMillis() % 1_000_000_000L), notation)
        .promulgated("Hà Nội", LocalDate.now())
        .type(1, "Công văn")
        .subject("V/v đo thông lượng tệp đính kèm dung lượng lớn")
        .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
        .attach(attachment, "application/octet-stream")
        .build();
  }

  private static String name(ClientConfig c) {
    return c.organName() == null || c.organName().isBlank() ? c.organId() : c.organName();
  }

  private static void writePackage(Edoc edoc, Path file) throws IOException {
    // As EdxmlClient.send(EdxmlPackage) writes its temporary package file.
    EdxmlWriter.builder().indent(false).build().write(edoc, file);
  }

  /** Limits that admit this benchmark's package, and otherwise the defaults. */
  static XmlLimits limitsFor(long packageBytes) {
    XmlLimits d = XmlLimits.DEFAULT;
    return d.withMaxDocumentBytes(Math.max(d.maxDocumentBytes(), packageBytes + (1 << 20)))
        .withMaxAttachmentChars(Math.max(d.maxAttachmentChars(), packageBytes));
  }

  /**
   * Writes {@code size} pseudo-random bytes (xorshift64*, seeded) in 1 MiB chunks and returns their
   * SHA-256: memory does not grow with the size.
   */
  static String generate(Path file, long size, long seed) throws IOException {
    MessageDigest digest = newSha256();
    byte[] chunk = new byte[CHUNK];
    ByteBuffer longs = ByteBuffer.wrap(chunk);
    long x = 0x9E3779B97F4A7C15L * seed + 1;
    AtomicLong written = new AtomicLong();
    try (OutputStream o = Files.newOutputStream(file);
        Progress p = Progress.start("generate", size, written::get, System.out)) {
      long left = size;
      while (left > 0) {
        longs.clear();
        while (longs.hasRemaining()) {
          x ^= x >>> 12;
          x ^= x << 25;
          x ^= x >>> 27;
          longs.putLong(x * 0x2545F4914F6CDD1DL);
        }
        int n = (int) Math.min(chunk.length, left);
        digest.update(chunk, 0, n);
        o.write(chunk, 0, n);
        left -= n;
        written.addAndGet(n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static byte readByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(offset);
      return f.readByte();
    }
  }

  private static void writeByte(Path file, long offset, byte value) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      f.write(value);
    }
  }

  private static URI baseUrl(URI endpoint) {
    return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + "/");
  }

  /**
   * The node's store figures and the count of faults of the expected code, from {@code /metrics}:
   * keys {@code store.messages}, {@code store.payload.bytes}, {@code faults.CODE}.
   */
  private static Map<String, Long> metrics(URI base) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("metrics"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics answered " + response.statusCode());
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      String[] parts = line.strip().split(" ");
      if (parts.length != 2 || line.startsWith("#")) {
        continue;
      }
      String key =
          switch (parts[0]) {
            case "edxml_store_messages" -> "store.messages";
            case "edxml_store_payload_bytes" -> "store.payload.bytes";
            default ->
                parts[0].startsWith("edxml_faults_total{code=\"")
                    ? "faults." + parts[0].substring(25, parts[0].length() - 2)
                    : null;
          };
      if (key != null) {
        values.put(key, (long) Double.parseDouble(parts[1]));
      }
    }
    if (!values.containsKey("store.messages") || !values.containsKey("store.payload.bytes")) {
      throw new IOException("GET /metrics has no edxml_store_messages / edxml_store_payload_bytes");
    }
    return values;
  }

  /** Peak heap as the JVM's memory pools tracked it: the sum of each heap pool's peak. */
  private void heap() {
    long peaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peaks += pool.getPeakUsage().getUsed();
      }
    }
    put("heap.pool.peaks.bytes", peaks);
    put("heap.max.bytes", Runtime.getRuntime().maxMemory());
  }

  private void writeResult() throws IOException {
    Path tmp = resultFile.resolveSibling(resultFile.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      result.store(w, "bench-file client");
    }
    Files.move(tmp, resultFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private void put(String key, long value) {
    result.setProperty(key, Long.toString(value));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> map = new LinkedHashMap<>();
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("arguments come in --name value pairs");
    }
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      map.put(args[i], args[i + 1]);
    }
    return map;
  }

  private static String required(Map<String, String> args, String name) {
    String v = args.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return v;
  }

  private static long positive(Map<String, String> args, String name) {
    try {
      long v = Long.parseLong(required(args, name));
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive number of bytes");
    }
  }

  /** Counts the bytes read through it into a shared counter. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong count;

    Counting(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }
  }
}
