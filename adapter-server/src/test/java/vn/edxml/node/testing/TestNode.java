package vn.edxml.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import vn.edxml.node.Node;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.directory.Directory;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.PayloadStore;
import vn.edxml.node.store.Stores;
import vn.edxml.pki.Credential;
import vn.edxml.pki.Pem;

/**
 * JUnit extension: a real node on a free loopback port, with an H2 file store in a fresh folder
 * under the build directory and a test PKI. Organs {@link #ORGAN_A} and {@link #ORGAN_B} are local
 * and registered with valid certificates. {@link #restart()} stops the node and starts it again on
 * the same data.
 */
public final class TestNode implements BeforeAllCallback, AfterAllCallback {

  public static final String NODE_ID = "000.00.00.H99";
  public static final String ORGAN_A = "000.00.01.H99";
  public static final String ORGAN_B = "000.00.02.H99";
  public static final String ORGAN_C = "000.00.03.H99";

  private final TestPki pki;
  private final long maxPackageBytes;
  private boolean statusOnConfirm;
  private java.util.function.Supplier<String> databaseUrl;
  private String databaseUser = "sa";
  private Path dir;
  private NodeConfig config;
  private Node node;

  public TestNode() {
    this(64L << 20);
  }

  public TestNode(long maxPackageBytes) {
    this(maxPackageBytes, vn.edxml.pki.KeyKind.RSA_2048);
  }

  /** A node whose own signing key is of the given kind (e.g. EC P-256). */
  public TestNode(long maxPackageBytes, vn.edxml.pki.KeyKind nodeKey) {
    this.maxPackageBytes = maxPackageBytes;
    this.pki = new TestPki(NODE_ID, nodeKey);
  }

  /**
   * The node's store on another database, e.g. a PostgreSQL server started by an extension
   * registered before this one (the URL is asked for when the node starts).
   */
  public TestNode withDatabase(java.util.function.Supplier<String> url, String user) {
    this.databaseUrl = url;
    this.databaseUser = user;
    return this;
  }

  /**
   * The node sends status 01 on the receiver's behalf when it confirms (confirm.send-status-01).
   */
  public TestNode withStatusOnConfirm() {
    this.statusOnConfirm = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Path.of(System.getProperty("java.io.tmpdir")).resolve("node-" + UUID.randomUUID());
    Files.createDirectories(dir);
    Path keystore = dir.resolve("node.p12");
    pki.node().writePkcs12(keystore, "node", "changeit".toCharArray());
    Path ca = dir.resolve("ca.pem");
    Pem.writeCertificate(ca, pki.ca().certificate());
    config =
        new NodeConfig(
            NODE_ID,
            "127.0.0.1",
            // restart() and startAgain() bind this port again; one from the ephemeral range could
            // be taken meanwhile by an outgoing connection of this JVM
            FreePorts.next(),
            "/edxml/exchange",
            keystore,
            "changeit".toCharArray(),
            "node",
            "changeit".toCharArray(),
            List.of(ca),
            List.of(),
            dir.resolve("data"),
            databaseUrl == null
                ? "jdbc:h2:file:" + dir.resolve("data/db/edxml")
                : databaseUrl.get(),
            databaseUser,
            "",
            8,
            null,
            Duration.ofSeconds(300),
            Duration.ofSeconds(60),
            maxPackageBytes,
            maxPackageBytes * 2 + (1 << 20),
            false,
            statusOnConfirm,
            100,
            Duration.ofSeconds(10));
    start();
    Directory directory = new Directory(node.store(), NODE_ID);
    for (String organ : List.of(ORGAN_A, ORGAN_B, ORGAN_C)) {
      directory.putOrgan(organ, "Test organ " + organ, null, null);
      directory.registerCertificate(organ, pki.organ(organ).certificate());
    }
  }

  private void start() throws IOException {
    MessageStore store =
        Stores.messageStore(config.storeUrl()).user(config.storeUser()).nodeCode(NODE_ID).open();
    PayloadStore payloads = Stores.payloadStore(config.dataDir());
    node = Node.start(config, store, payloads, Clock.systemUTC());
  }

  /** Stops the node and starts a new one on the same data and port settings. */
  public void restart() throws IOException {
    config = config.withPort(node.port());
    node.close();
    start();
  }

  /** Stops the node, keeping its data and port; {@link #startAgain()} brings it back. */
  public void stop() {
    config = config.withPort(node.port());
    node.close();
  }

  /** Starts a node stopped by {@link #stop()} again, on the same data and port. */
  public void startAgain() throws IOException {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.close();
    }
  }

  public Node node() {
    return node;
  }

  public TestPki pki() {
    return pki;
  }

  public Path dataDir() {
    return config.dataDir();
  }

  public Directory directory() {
    return new Directory(node.store(), NODE_ID);
  }

  /** A client signing as {@code organ} with its valid credential. */
  public TestClient client(String organ) {
    return new TestClient(this, organ, pki.organ(organ));
  }

  /** A client claiming {@code organ} but signing with {@code credential}. */
  public TestClient client(String organ, Credential credential) {
    return new TestClient(this, organ, credential);
  }
}
