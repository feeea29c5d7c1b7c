package vn.edxml.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code demo DIR}: first use makes the folder, later uses reuse it; the whole cycle runs. */
class DemoIT {

  private final CliRun cli = new CliRun();

  @AfterEach
  void closeNodes() {
    cli.closeServed();
  }

  @Test
  void firstAndSecondRunOnOneFolderPrintTheTraceWithStatuses01And03() throws Exception {
    Path dir = CliRun.freshDir("demo");
    CliRun.Result first = cli.run("demo", dir.toString(), "--once", "--port", "0");
    assertEquals(0, first.code(), first::toString);
    assertTrue(first.out().contains("Made " + dir.toAbsolutePath()), first::toString);
    assertTraceOfACompleteCycle(first, "125/UBND-VP");

    for (String f :
        List.of(
            "README.txt",
            "node.properties",
            "directory.txt",
            "organ-a.properties",
            "organ-b.properties",
            "pki/demo-ca.pem",
            "pki/node.p12",
            "pki/organ-a.p12",
            "pki/organ-b.p12")) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    String readme = Files.readString(dir.resolve("README.txt"));
    assertTrue(readme.contains("NEVER USE ANY OF IT IN PRODUCTION"), readme);
    Properties a = new Properties();
    try (var r = Files.newBufferedReader(dir.resolve("organ-a.properties"))) {
      a.load(r);
    }
    assertEquals("000.00.01.H99", a.getProperty("organ.id"));
    for (String key : List.of("endpoint", "keystore.path", "keystore.password", "trust.ca")) {
      assertFalse(a.getProperty(key, "").isBlank(), key);
    }
    byte[] nodeKey = Files.readAllBytes(dir.resolve("pki/node.p12"));

    CliRun.Result second = cli.run("demo", dir.toString(), "--once", "--port", "0");
    assertEquals(0, second.code(), second::toString);
    assertTrue(second.out().contains("Reusing " + dir.toAbsolutePath()), second::toString);
    assertTraceOfACompleteCycle(second, "126/UBND-VP");
    assertEquals(
        List.of(nodeKey.length), List.of(Files.readAllBytes(dir.resolve("pki/node.p12")).length));
    assertTrue(
        java.util.Arrays.equals(nodeKey, Files.readAllBytes(dir.resolve("pki/node.p12"))),
        "the demo PKI is reused, not made again");
  }

  @Test
  void withoutOnceTheNodeKeepsServing() throws Exception {
    Path dir = CliRun.freshDir("demo-serve");
    CliRun.Result r = cli.run("demo", dir.toString(), "--port", "0");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("keeps serving"), r::toString);
    assertEquals(1, cli.served.size());
    var node = cli.served.get(0);
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), health.body());
    String endpoint =
        Files.readAllLines(dir.resolve("organ-b.properties"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("endpoint="))
            .findFirst()
            .orElseThrow();
    assertEquals("endpoint=" + node.address(), endpoint, "client configs follow the real port");
  }

  @Test
  void aFolderWithOtherFilesIsRefusedWithWhatToDo() throws Exception {
    Path dir = CliRun.freshDir("not-demo");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("thesis.txt"), "mine");
    CliRun.Result r = cli.run("demo", dir.toString(), "--once", "--port", "0");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("is not empty and is not a demo folder"), r::toString);
    assertTrue(r.err().contains("what to do:"), r::toString);
    assertEquals(List.of(dir.resolve("thesis.txt")), list(dir));
  }

  @Test
  void aBusyPortGivenWithPortFailsWithWhatToDoWithoutPortAFreeOneIsUsed() throws Exception {
    Path dir = CliRun.freshDir("demo-busy");
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun.Result r =
          cli.run("demo", dir.toString(), "--once", "--port", "" + socket.getLocalPort());
      assertEquals(1, r.code(), r::toString);
      assertTrue(r.err().contains("http.port"), r::toString);
      assertTrue(r.err().contains("--port 0"), r::toString);

      // without --port, a folder whose port is taken falls back to a free port
      CliRun.Result fallback = cli.run("demo", dir.toString(), "--once");
      assertEquals(0, fallback.code(), fallback::toString);
      assertTrue(fallback.out().contains("using a free port instead"), fallback::toString);
      assertTrue(fallback.out().contains("statuses 01 and 03"), fallback::toString);
    }
  }

  private static List<Path> list(Path dir) throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static void assertTraceOfACompleteCycle(CliRun.Result r, String number) {
    String out = r.out();
    assertTrue(out.contains("sends công văn " + number), r::toString);
    assertTrue(out.contains("identical to what UBND Demo A sent"), r::toString);
    for (String event : List.of("accepted", "delivered", "confirmed", "status 01", "status 03")) {
      assertTrue(out.contains("  " + event), event + " missing in\n" + r);
    }
    assertTrue(
        out.contains("Summary: công văn " + number + " from UBND Demo A to UBND Demo B"),
        r::toString);
    assertTrue(out.contains("statuses 01 and 03"), r::toString);
  }
}
