package vn.edxml.node.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;
import vn.edxml.pki.Pem;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.Receipt;

/**
 * Interoperability (issue item 8): an independent, non-Java SOAP stack, zeep 4 with python-xmlsec
 * ({@code src/test/python/edxml_zeep_client.py}), exchanges documents with a real node using only
 * the published WSDL and standard WS-Security, in both directions, next to the project's CXF
 * client. Skipped, with the reason, when Debian's {@code /usr/bin/python3} cannot import zeep and
 * xmlsec; {@code .ci/run} installs them so that CI runs it.
 */
class ZeepInteropIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  /**
   * Debian's interpreter, where apt installs python3-zeep; {@code -Dedxml.interop.python}
   * overrides.
   */
  static final Path PYTHON =
      Path.of(System.getProperty("edxml.interop.python", "/usr/bin/python3"));

  static final long PROCESS_TIMEOUT_SECONDS = 120;

  static Path dir;
  static Path script;
  static Path wsdl;
  static Path nodeCert;

  static String pythonMissing;

  @BeforeAll
  static void prepare() throws Exception {
    pythonMissing = pythonProblem();
    if (pythonMissing != null) {
      return; // each test reports the skip and its reason
    }
    script = moduleDir().resolve("src/test/python/edxml_zeep_client.py");
    assertTrue(Files.isRegularFile(script), "missing " + script);
    dir =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("zeep-interop-" + UUID.randomUUID())
            .toAbsolutePath();
    Files.createDirectories(dir.resolve("contract"));
    // The published contract exactly as the node serves it: WSDL plus the schemas it imports.
    for (String name :
        List.of("edxml-exchange.wsdl", "exchange-messages.xsd", "interchange-envelope.xsd")) {
      try (InputStream in =
          ZeepInteropIT.class.getClassLoader().getResourceAsStream("vn/edxml/wsdl/" + name)) {
        assertTrue(in != null, "contract file not on the class path: " + name);
        Files.copy(in, dir.resolve("contract").resolve(name));
      }
    }
    wsdl = dir.resolve("contract/edxml-exchange.wsdl");
    nodeCert = dir.resolve("node.pem");
    Pem.writeCertificate(nodeCert, NODE.pki().node().certificate());
    for (String organ : List.of(TestNode.ORGAN_A, TestNode.ORGAN_B, TestNode.ORGAN_C)) {
      Credential c = NODE.pki().organ(organ);
      Pem.writeCertificate(dir.resolve(organ + ".pem"), c.certificate());
      writePrivateKey(dir.resolve(organ + ".key"), c.privateKey());
    }
  }

  @BeforeEach
  void requirePython() {
    Assumptions.assumeTrue(
        pythonMissing == null,
        () ->
            "zeep interoperability test skipped: "
                + pythonMissing
                + " (install: apt-get install -y python3-zeep python3-xmlsec xmlsec1)");
  }

  @Test
  void pythonOrganSendsAndTheJavaClientReceivesTheSameBytes() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    byte[] sent = TestClient.bytes(edoc);
    Path pkg = write("a-to-b.edxml", sent);

    Result r =
        python(
            TestNode.ORGAN_A,
            "send",
            "--to",
            TestNode.ORGAN_B,
            "--document-id",
            edoc.documentId(),
            "--package",
            pkg.toString());
    r.assertOk();
    Map<String, Object> receipt = r.json();
    String messageId = (String) receipt.get("messageId");
    assertEquals(edoc.documentId(), receipt.get("documentId"));
    assertEquals("edoc", receipt.get("messageType"));
    assertEquals(Boolean.FALSE, receipt.get("duplicate"));
    assertEquals(Boolean.TRUE, receipt.get("responseSigned"));
    assertEquals(b64(TestClient.sha256(sent)), receipt.get("payloadDigest"));
    List<?> recipients = (List<?>) receipt.get("recipients");
    assertEquals(1, recipients.size());
    Map<?, ?> recipient = (Map<?, ?>) recipients.get(0);
    assertEquals(TestNode.ORGAN_B, recipient.get("organId"));
    assertEquals("delivered", recipient.get("outcome"));

    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      var mine =
          b.pending().getPending().stream()
              .filter(p -> p.getMessageId().equals(messageId))
              .toList();
      assertEquals(1, mine.size());
      assertEquals(TestNode.ORGAN_A, mine.get(0).getFrom());
      assertEquals(edoc.documentId(), mine.get(0).getDocumentId());
      assertArrayEquals(sent, b.fetch(messageId));
      assertFalse(b.confirm(messageId).isAlreadyConfirmed());
      assertTrue(
          b.pending().getPending().stream().noneMatch(p -> p.getMessageId().equals(messageId)));
    }

    // The same message again is a duplicate: the node answers with the original receipt.
    Result again =
        python(
            TestNode.ORGAN_A,
            "send",
            "--to",
            TestNode.ORGAN_B,
            "--document-id",
            edoc.documentId(),
            "--package",
            pkg.toString(),
            "--message-id",
            messageId);
    again.assertOk();
    assertEquals(Boolean.TRUE, again.json().get("duplicate"));
    assertEquals(messageId, again.json().get("messageId"));
  }

  @Test
  void javaOrganSendsAndThePythonOrganListsFetchesAndConfirms() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_C);
    byte[] sent = TestClient.bytes(edoc);
    Receipt receipt;
    try (TestClient a = NODE.client(TestNode.ORGAN_A)) {
      receipt =
          a.sendDocument(
              sent,
              a.envelope(sent, MessageType.EDOC, List.of(TestNode.ORGAN_C), edoc.documentId()));
    }
    String messageId = receipt.getMessageId();

    Result pending = python(TestNode.ORGAN_C, "pending");
    pending.assertOk();
    assertEquals(Boolean.TRUE, pending.json().get("responseSigned"));
    List<Map<?, ?>> mine = new ArrayList<>();
    for (Object p : (List<?>) pending.json().get("pending")) {
      if (messageId.equals(((Map<?, ?>) p).get("messageId"))) {
        mine.add((Map<?, ?>) p);
      }
    }
    assertEquals(1, mine.size(), pending.stdout);
    assertEquals(TestNode.ORGAN_A, mine.get(0).get("from"));
    assertEquals(edoc.documentId(), mine.get(0).get("documentId"));
    assertEquals(sent.length, ((Number) mine.get(0).get("size")).intValue());

    Path out = dir.resolve("c-received-" + messageId + ".edxml");
    Result get =
        python(TestNode.ORGAN_C, "get", "--message-id", messageId, "--out", out.toString());
    get.assertOk();
    assertEquals(Boolean.TRUE, get.json().get("responseSigned"));
    assertEquals(TestNode.ORGAN_A, get.json().get("from"));
    assertEquals(b64(TestClient.sha256(sent)), get.json().get("sha256"));
    assertArrayEquals(sent, Files.readAllBytes(out));

    Result confirm = python(TestNode.ORGAN_C, "confirm", "--message-id", messageId);
    confirm.assertOk();
    assertEquals(Boolean.FALSE, confirm.json().get("alreadyConfirmed"));
    Result twice = python(TestNode.ORGAN_C, "confirm", "--message-id", messageId);
    twice.assertOk();
    assertEquals(Boolean.TRUE, twice.json().get("alreadyConfirmed"));

    Result after = python(TestNode.ORGAN_C, "pending");
    after.assertOk();
    for (Object p : (List<?>) after.json().get("pending")) {
      assertFalse(messageId.equals(((Map<?, ?>) p).get("messageId")), after.stdout);
    }
  }

  @Test
  void aWrongPayloadDigestIsRefusedWithItsFaultCode() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    Path pkg = write("tampered.edxml", TestClient.bytes(edoc));
    Result r =
        python(
            TestNode.ORGAN_A,
            "send",
            "--to",
            TestNode.ORGAN_B,
            "--document-id",
            edoc.documentId(),
            "--package",
            pkg.toString(),
            "--tamper-digest");
    r.assertFault("payload_digest_mismatch");
  }

  @Test
  void anUnsignedRequestIsRefusedWithItsFaultCode() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    Path pkg = write("unsigned.edxml", TestClient.bytes(edoc));
    Result r =
        python(
            TestNode.ORGAN_A,
            "send",
            "--to",
            TestNode.ORGAN_B,
            "--document-id",
            edoc.documentId(),
            "--package",
            pkg.toString(),
            "--unsigned");
    r.assertFault("security_failed");
  }

  @Test
  void thePythonClientRefusesAResponseNotSignedByTheExpectedNode() throws Exception {
    // Pin another certificate as "the node": the genuine node's signed answer must be rejected.
    Result r =
        python(
            TestNode.ORGAN_B,
            List.of("--node-cert", dir.resolve(TestNode.ORGAN_C + ".pem").toString()),
            "pending");
    assertEquals(3, r.exit, r.describe());
    assertEquals("response_signature_invalid", r.json().get("error"), r.describe());
  }

  // ------------------------------------------------------------------------------------------

  /** The result of one run of the Python client. */
  record Result(int exit, String stdout, String stderr) {

    Map<String, Object> json() {
      String line = stdout.strip();
      int last = line.lastIndexOf('\n');
      return Json.object(last < 0 ? line : line.substring(last + 1));
    }

    void assertOk() {
      assertEquals(0, exit, describe());
      assertEquals(Boolean.TRUE, json().get("ok"), describe());
    }

    void assertFault(String code) {
      assertEquals(1, exit, describe());
      assertEquals(Boolean.FALSE, json().get("ok"), describe());
      assertEquals(code, json().get("fault"), describe());
    }

    String describe() {
      return "python client exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  static Result python(String organ, String... command) throws Exception {
    return python(organ, List.of(), command);
  }

  /** Runs the Python client for {@code organ}; {@code options} override the default ones. */
  static Result python(String organ, List<String> options, String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(PYTHON.toString());
    cmd.add(script.toString());
    cmd.addAll(List.of("--wsdl", wsdl.toString()));
    cmd.addAll(List.of("--address", NODE.node().address()));
    cmd.addAll(List.of("--organ", organ));
    cmd.addAll(List.of("--key", dir.resolve(organ + ".key").toString()));
    cmd.addAll(List.of("--cert", dir.resolve(organ + ".pem").toString()));
    cmd.addAll(List.of("--timeout", "60"));
    cmd.addAll(List.of("--dump-dir", dir.resolve("responses").toString()));
    if (!options.contains("--node-cert")) {
      cmd.addAll(List.of("--node-cert", nodeCert.toString()));
    }
    cmd.addAll(options);
    cmd.addAll(List.of(command));
    return run(cmd, PROCESS_TIMEOUT_SECONDS);
  }

  static Result run(List<String> cmd, long timeoutSeconds)
      throws IOException, InterruptedException {
    String id = UUID.randomUUID().toString();
    Path base = dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir;
    Path out = base.resolve("py-" + id + ".out");
    Path err = base.resolve("py-" + id + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    // Debian's interpreter with its own packages only; no byte-code caches next to the script.
    pb.environment().remove("PYTHONPATH");
    pb.environment().remove("PYTHONHOME");
    pb.environment().put("PYTHONNOUSERSITE", "1");
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    pb.environment().put("PYTHONIOENCODING", "utf-8");
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          "python client did not finish in " + timeoutSeconds + " s: " + String.join(" ", cmd));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Null when /usr/bin/python3 can import zeep and xmlsec, else why not. */
  static String pythonProblem() {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " not found";
    }
    try {
      Result r =
          run(
              List.of(
                  PYTHON.toString(),
                  "-c",
                  "import zeep, xmlsec, requests_toolbelt; print(zeep.__version__)"),
              60);
      return r.exit == 0
          ? null
          : PYTHON
              + " cannot import zeep and xmlsec: "
              + r.stderr.strip().lines().reduce("", (x, y) -> y);
    } catch (IOException | InterruptedException | AssertionError e) {
      return PYTHON + " could not be run: " + e;
    }
  }

  static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
  }

  static Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(UUID.randomUUID() + "-" + name);
    Files.write(file, bytes);
    return file;
  }

  static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
