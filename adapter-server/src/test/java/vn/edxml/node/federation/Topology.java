package vn.edxml.node.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import vn.edxml.node.Node;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.directory.Directory;
import vn.edxml.node.testing.TestClient;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.pki.Pem;

/**
 * Several real nodes in one JVM, each with its own folder (H2 store, payloads), its own key from
 * one test CA, its organs, its peers and its routing table, written as a node.properties file and
 * loaded the way {@code edxml-node --config} loads it. Ports are chosen before the start so that
 * each node's peers can name them; a node restarts on the same port.
 */
final class Topology implements AutoCloseable {

  private final Instant now = Instant.now();
  private final CertificateAuthority ca =
      CertificateAuthority.create(
          "CN=edXML Federation Test CA, O=Test",
          KeyKind.RSA_2048,
          now.minus(Duration.ofDays(30)),
          Duration.ofDays(3650));
  private final Path root;
  private final Map<String, Spec> specs = new LinkedHashMap<>();
  private final Map<String, Node> running = new LinkedHashMap<>();
  private final Map<String, Credential> organKeys = new LinkedHashMap<>();
  private final Map<String, String> organNode = new LinkedHashMap<>();
  private final List<TestClient> clients = new ArrayList<>();
  private String forwardSettings =
      "forward.max-attempts=50\n"
          + "forward.backoff.initial=100ms\n"
          + "forward.backoff.max=800ms\n"
          + "forward.breaker.failures=3\n"
          + "forward.breaker.open=700ms\n"
          + "forward.poll-interval=150ms\n"
          + "forward.timeout=10s\n"
          + "forward.lease=30s\n"
          + "forward.traces-timeout=5s\n";

  /** One node: its code, port, organs, peers (name: node code) and routes (key: peer name). */
  static final class Spec {
    final String nodeId;
    final int port;
    final Credential key;
    final List<String> organs = new ArrayList<>();
    final Map<String, String> peers = new LinkedHashMap<>();
    final Map<String, String> routes = new LinkedHashMap<>();
    final List<String> extra = new ArrayList<>();

    Spec(String nodeId, int port, Credential key) {
      this.nodeId = nodeId;
      this.port = port;
      this.key = key;
    }

    Spec organs(String... codes) {
      organs.addAll(List.of(codes));
      return this;
    }

    /** A peer named {@code name} which is node {@code nodeId}. */
    Spec peer(String name, String nodeId) {
      peers.put(name, nodeId);
      return this;
    }

    /** A routing line, e.g. {@code route("route.group.H41", "hub")}. */
    Spec route(String key, String peerName) {
      routes.put(key, peerName);
      return this;
    }

    /** An extra configuration line (key=value). */
    Spec set(String line) {
      extra.add(line);
      return this;
    }
  }

  Topology(String name) throws IOException {
    root =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("federation-" + name + "-" + UUID.randomUUID());
    Files.createDirectories(root);
  }

  Topology forwardSettings(String lines) {
    this.forwardSettings = lines;
    return this;
  }

  /** Declares a node (not started). */
  Spec node(String nodeId) throws IOException {
    Spec spec =
        new Spec(
            nodeId,
            freePort(),
            ca.issue(
                "CN=" + nodeId + ", OU=node",
                KeyKind.RSA_2048,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365))));
    specs.put(nodeId, spec);
    return spec;
  }

  CertificateAuthority ca() {
    return ca;
  }

  /** A credential of the test CA that no node knows (a valid but unconfigured node, say). */
  Credential stranger(String cn) {
    return ca.issue(
        "CN=" + cn + ", OU=node",
        KeyKind.RSA_2048,
        now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(365)));
  }

  Credential nodeKey(String nodeId) {
    return specs.get(nodeId).key;
  }

  String endpoint(String nodeId) {
    return "http://127.0.0.1:" + specs.get(nodeId).port + "/edxml/exchange";
  }

  Path dir(String nodeId) {
    return root.resolve(nodeId);
  }

  Path configFile(String nodeId) {
    return dir(nodeId).resolve("node.properties");
  }

  /** Writes every node's folder and configuration, then starts them all. */
  void startAll() throws IOException {
    for (Spec s : specs.values()) {
      write(s);
    }
    for (Spec s : specs.values()) {
      start(s.nodeId);
    }
  }

  /** Writes every node's folder and configuration without starting anything. */
  void writeAll() throws IOException {
    for (Spec s : specs.values()) {
      write(s);
    }
  }

  private void write(Spec s) throws IOException {
    Path dir = dir(s.nodeId);
    Files.createDirectories(dir.resolve("peers"));
    s.key.writePkcs12(dir.resolve("node.p12"), "node", "changeit".toCharArray());
    Pem.writeCertificate(dir.resolve("ca.pem"), ca.certificate());
    StringBuilder p = new StringBuilder();
    p.append("node.id=").append(s.nodeId).append('\n');
    p.append("http.host=127.0.0.1\nhttp.port=").append(s.port).append('\n');
    p.append("keystore.path=node.p12\nkeystore.password=changeit\n");
    p.append("trust.ca=ca.pem\ndata.dir=data\nshutdown.grace=2s\n");
    p.append(forwardSettings);
    for (var peer : s.peers.entrySet()) {
      Spec other = specs.get(peer.getValue());
      Path pem = dir.resolve("peers").resolve(peer.getKey() + ".pem");
      Pem.writeCertificate(pem, other.key.certificate());
      p.append("peer.").append(peer.getKey()).append(".node=").append(other.nodeId).append('\n');
      p.append("peer.")
          .append(peer.getKey())
          .append(".endpoint=")
          .append(endpoint(other.nodeId))
          .append('\n');
      p.append("peer.")
          .append(peer.getKey())
          .append(".certificate=peers/")
          .append(peer.getKey())
          .append(".pem\n");
    }
    for (var r : s.routes.entrySet()) {
      p.append(r.getKey()).append('=').append(r.getValue()).append('\n');
    }
    for (String line : s.extra) {
      p.append(line).append('\n');
    }
    Files.writeString(configFile(s.nodeId), p, StandardCharsets.UTF_8);
    for (String organ : s.organs) {
      organNode.put(organ, s.nodeId);
      organKeys.computeIfAbsent(
          organ,
          o ->
              ca.issue(
                  "CN=" + o + ", OU=organ",
                  KeyKind.RSA_2048,
                  now.minus(Duration.ofDays(1)),
                  now.plus(Duration.ofDays(365))));
    }
  }

  /** Starts a written node (again, on the same folder and port). */
  Node start(String nodeId) {
    Spec s = specs.get(nodeId);
    NodeConfig config = NodeConfig.load(configFile(nodeId), Map.of());
    Node node = Node.start(config, Clock.systemUTC());
    Directory directory = new Directory(node.store(), nodeId);
    for (String organ : s.organs) {
      if (node.store().organ(organ).isEmpty()) {
        directory.putOrgan(organ, "Cơ quan " + organ, null, null);
        directory.registerCertificate(organ, organKeys.get(organ).certificate());
      }
    }
    running.put(nodeId, node);
    return node;
  }

  /** Stops a node (gracefully: in-flight requests finish, forwards in progress are given back). */
  void stop(String nodeId) {
    Node node = running.remove(nodeId);
    if (node != null) {
      node.close();
    }
  }

  Node running(String nodeId) {
    Node n = running.get(nodeId);
    if (n == null) {
      throw new IllegalStateException(nodeId + " is not running");
    }
    return n;
  }

  /** A client of the organ's home node, signing as the organ. */
  TestClient client(String organ) {
    String nodeId = organNode.get(organ);
    return track(
        new TestClient(
            endpoint(nodeId),
            organ,
            organKeys.get(organ),
            List.of(ca.certificate()),
            Set.of(specs.get(nodeId).key.certificate())));
  }

  /** A client of {@code nodeId} claiming {@code from} and signing with {@code key}. */
  TestClient rawClient(String nodeId, String from, Credential key) {
    return track(
        new TestClient(
            endpoint(nodeId),
            from,
            key,
            List.of(ca.certificate()),
            Set.of(specs.get(nodeId).key.certificate())));
  }

  private TestClient track(TestClient c) {
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  @Override
  public void close() {
    for (TestClient c : clients) {
      c.close();
    }
    for (String id : new ArrayList<>(running.keySet())) {
      stop(id);
    }
  }

  static int freePort() throws IOException {
    return vn.edxml.node.testing.FreePorts.next();
  }

  /**
   * Waits until {@code done} holds, polling, for at most {@code limit}; fails with {@code what}.
   */
  static void await(String what, Duration limit, BooleanSupplier done) {
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < 100_000; i++) {
      if (done.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting for: " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
    throw new AssertionError("gave up waiting for " + what);
  }
}
