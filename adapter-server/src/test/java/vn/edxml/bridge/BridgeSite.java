package vn.edxml.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Pem;

/**
 * One organ's bridge installation for tests: its PKI files, a client configuration, a
 * bridge.properties (settle 0 s, one attempt per call) and the exchange folder.
 */
final class BridgeSite {

  final String organ;
  final Path dir;
  final Path config;
  final Path folder;
  private EdxmlClient client;

  private static final List<EdxmlClient> CLIENTS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private BridgeSite(String organ, Path dir, Path config, Path folder) {
    this.organ = organ;
    this.dir = dir;
    this.config = config;
    this.folder = folder;
  }

  private static final java.util.concurrent.atomic.AtomicInteger ORGANS =
      new java.util.concurrent.atomic.AtomicInteger(50);

  /**
   * Registers a new local organ with a valid certificate on {@code node}: tests that each use their
   * own organs have their own mailboxes, whatever order they run in.
   */
  static String newOrgan(TestNode node) {
    String organ = String.format("000.00.%02d.H99", ORGANS.getAndIncrement());
    node.directory().putOrgan(organ, "Cơ quan " + organ, null, null);
    node.directory().registerCertificate(organ, node.pki().organ(organ).certificate());
    return organ;
  }

  /** A fresh installation for {@code organ} of {@code node}. */
  static BridgeSite create(TestNode node, String organ) throws IOException {
    return create(node, organ, node.node().address());
  }

  /** A fresh installation talking to {@code endpoint} (e.g. a port where nothing listens). */
  static BridgeSite create(TestNode node, String organ, String endpoint) throws IOException {
    Path dir =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("bridge-" + organ + "-" + UUID.randomUUID());
    Files.createDirectories(dir);
    node.pki().organ(organ).writePkcs12(dir.resolve("organ.p12"), "organ", "pw".toCharArray());
    Pem.writeCertificate(dir.resolve("ca.pem"), node.pki().ca().certificate());
    Pem.writeCertificate(dir.resolve("node.pem"), node.pki().node().certificate());
    Files.writeString(
        dir.resolve("client.properties"),
        String.join(
            "\n",
            "endpoint=" + endpoint,
            "organ.id=" + organ,
            "organ.name=Cơ quan " + organ,
            "keystore.path=organ.p12",
            "keystore.password=pw",
            "keystore.alias=organ",
            "trust.ca=ca.pem",
            "node.certificate=node.pem",
            "timeout.connect=2s",
            "timeout.receive=30s",
            "retry.attempts=1",
            ""),
        StandardCharsets.UTF_8);
    Path config = dir.resolve("bridge.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "client.config=client.properties",
            "folder=exchange",
            "poll.interval=1s",
            "outbox.settle=0s",
            "cycle.max-files=20",
            ""),
        StandardCharsets.UTF_8);
    return new BridgeSite(organ, dir, config, dir.resolve("exchange"));
  }

  /** A bridge as {@code edxml bridge} opens it: its own client from the configuration files. */
  Bridge open() throws IOException {
    return Bridge.open(BridgeConfig.load(config));
  }

  /**
   * One in-process cycle, with this site's client kept between cycles (a new client per cycle costs
   * a second of CPU for the WSDL and WS-Security set-up).
   */
  Bridge.Cycle cycle() throws IOException {
    if (client == null) {
      client = ClientConfig.load(dir.resolve("client.properties")).toBuilder().build();
      CLIENTS.add(client);
    }
    try (Bridge bridge =
        Bridge.open(BridgeConfig.load(config), client, Organ.of(organ, "Cơ quan " + organ))) {
      return bridge.runOnce();
    }
  }

  /** Closes the clients kept by {@link #cycle()}; for {@code @AfterAll}. */
  static void closeClients() {
    for (EdxmlClient c : CLIENTS) {
      c.close();
    }
    CLIENTS.clear();
  }

  Path outbox() {
    return folder.resolve("outbox");
  }

  Path sub(String name) {
    return folder.resolve(name);
  }

  /** Writes a package into outbox/ the way careful legacy software does: temp name, rename. */
  Path drop(String name, EdxmlPackage pkg) throws IOException {
    return drop(name, TestClient.bytes(pkg));
  }

  Path drop(String name, byte[] bytes) throws IOException {
    Files.createDirectories(outbox());
    Path tmp = outbox().resolve(name + ".tmp");
    Files.write(tmp, bytes);
    return Files.move(tmp, outbox().resolve(name));
  }

  Path dropText(String name, String text) throws IOException {
    return drop(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The names in a subfolder (e.g. "sent", ".bridge/outgoing"), sorted. */
  List<String> names(String sub) throws IOException {
    Path p = folder.resolve(sub);
    if (!Files.isDirectory(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  /** Nothing waits in outbox/ and nothing is in flight under .bridge/. */
  void assertIdle() throws IOException {
    assertEquals(List.of(), names("outbox"), "outbox/");
    assertEquals(List.of(), names(".bridge/outgoing"), ".bridge/outgoing/");
    assertEquals(List.of(), names(".bridge/incoming"), ".bridge/incoming/");
    assertTrue(names(".bridge/tmp").isEmpty(), ".bridge/tmp/");
  }

  /** Files in {@code sub} whose bytes equal {@code bytes}. */
  long copiesOf(String sub, byte[] bytes) throws IOException {
    long n = 0;
    for (String name : names(sub)) {
      if (java.util.Arrays.equals(Files.readAllBytes(folder.resolve(sub).resolve(name)), bytes)) {
        n++;
      }
    }
    return n;
  }
}
