package vn.edxml.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --config FILE} and {@code run --config FILE}: a good configuration starts a node; each bad
 * one stops the start with exit 2 and one line naming the key, without a stack trace.
 */
class RunCommandIT {

  private final CliRun cli = new CliRun();

  @AfterEach
  void closeNodes() {
    cli.closeServed();
  }

  @Test
  void aGoodConfigurationStartsTheNode() throws Exception {
    Path file = new ConfigFolder("run-ok").write();
    CliRun.Result r = cli.run("--config", file.toString());
    assertEquals(0, r.code(), r::toString);
    assertEquals(1, cli.served.size());
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cli.served.get(0).baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
  }

  @Test
  void theJarsMainStopsGracefullyOnSigtermAndASecondNodeOnItsDatabaseIsRefused() throws Exception {
    Path file = new ConfigFolder("run-child").write();
    try (ChildNode child = ChildNode.start(file)) {
      assertTrue(child.log().contains("version"), child.log());
      CliRun.Result again = cli.run("run", "--config", file.toString());
      assertEquals(3, again.code(), "a second node on the same H2 database: " + again);
      assertTrue(again.err().contains("store.url"), again::toString);
      assertTrue(again.err().contains("already running"), again::toString);
      assertTrue(cli.served.isEmpty());

      int code = child.terminate();
      assertEquals(143, code, "128 + SIGTERM: " + child.log());
      assertTrue(child.log().contains("edxml-node stopping"), child.log());
      assertTrue(child.log().contains("edxml-node stopped"), child.log());
    }
  }

  @Test
  void keyStorePathThatDoesNotExist() throws Exception {
    ConfigFolder c = new ConfigFolder("run-path").set("keystore.path", "missing.p12");
    assertConfigError(c.write(), "keystore.path");
  }

  @Test
  void keyStoreFileThatIsNotAKeyStore() throws Exception {
    ConfigFolder c = new ConfigFolder("run-notks");
    Files.writeString(c.dir.resolve("junk.p12"), "not a key store");
    assertConfigError(c.set("keystore.path", "junk.p12").write(), "keystore.path");
  }

  @Test
  void wrongKeyStorePassword() throws Exception {
    ConfigFolder c = new ConfigFolder("run-pw").set("keystore.password", "wrong");
    assertConfigError(c.write(), "keystore.password");
  }

  @Test
  void wrongPasswordFromTheEnvironmentOverridesTheFile() throws Exception {
    Path file = new ConfigFolder("run-env").write();
    CliRun.Result r =
        new CliRun(Map.of("EDXML_KEYSTORE_PASSWORD", "wrong")).run("--config", file.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("edxml-node: keystore.password:"), r::toString);
  }

  @Test
  void aliasThatIsNotInTheKeyStore() throws Exception {
    ConfigFolder c = new ConfigFolder("run-alias").set("keystore.alias", "nobody");
    CliRun.Result r = assertConfigError(c.write(), "keystore.alias");
    assertTrue(r.err().contains("use one of: node"), r::toString);
  }

  @Test
  void expiredNodeCertificate() throws Exception {
    ConfigFolder c = new ConfigFolder("run-expired");
    c.writeKeyStore(c.pki.expired(ConfigFolder.NODE_ID), "expired.p12");
    CliRun.Result r =
        assertConfigError(c.set("keystore.path", "expired.p12").write(), "keystore.path");
    assertTrue(r.err().contains("expired"), r::toString);
  }

  @Test
  void busyPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ConfigFolder c = new ConfigFolder("run-port").set("http.port", "" + socket.getLocalPort());
      CliRun.Result r = assertConfigError(c.write(), "http.port");
      assertTrue(r.err().contains("choose a free port"), r::toString);
    }
  }

  @Test
  void dataDirectoryThatCannotBeWritten() throws Exception {
    ConfigFolder c = new ConfigFolder("run-data");
    Files.writeString(c.dir.resolve("a-file"), "x");
    assertConfigError(c.set("data.dir", "a-file/data").write(), "data.dir");
  }

  @Test
  void misspelledKey() throws Exception {
    ConfigFolder c = new ConfigFolder("run-typo").set("http.prot", "8080");
    CliRun.Result r = assertConfigError(c.write(), "http.prot");
    assertTrue(r.err().contains("node.properties.example"), r::toString);
  }

  @Test
  void missingConfigFileAndMissingOption() throws Exception {
    CliRun.Result r =
        cli.run("--config", CliRun.freshDir("none").resolve("x.properties").toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--config"), r::toString);
    CliRun.Result usage = cli.run();
    assertEquals(2, usage.code(), usage::toString);
    assertTrue(usage.err().contains("give --config FILE"), usage::toString);
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun.Result r = cli.run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit codes:"), r::toString);
    for (String code : new String[] {"  0  ", "  1  ", "  2  ", "  3  "}) {
      assertTrue(r.out().contains(code), r::toString);
    }
  }

  private CliRun.Result assertConfigError(Path file, String key) {
    CliRun.Result r = cli.run("--config", file.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(cli.served.isEmpty(), "no node may be left running");
    String first = r.err().lines().filter(l -> l.startsWith("edxml-node: ")).findFirst().orElse("");
    assertTrue(first.startsWith("edxml-node: " + key + ":"), "names " + key + ": " + r);
    assertTrue(first.contains(" — "), "says the fix: " + r);
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    return r;
  }
}
