package vn.edxml.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.client.it.ClientFiles;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestNode;

/** {@code edxml} commands run as a user would, against a real node on 127.0.0.1. */
class EdxmlCliIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @TempDir static Path dir;

  private static String configA;
  private static String configB;

  @BeforeAll
  static void configs() throws IOException {
    configA = ClientFiles.write(NODE, TestNode.ORGAN_A, dir.resolve("a")).toString();
    configB = ClientFiles.write(NODE, TestNode.ORGAN_B, dir.resolve("b")).toString();
  }

  /** A package file from A to B with a PDF and a zipped folder, as a vendor's system writes it. */
  private static Edoc writePackage(Path file, byte[] pdf, byte[] zip) throws IOException {
    Path pdfFile = Files.write(dir.resolve("to-trinh-" + System.nanoTime() + ".pdf"), pdf);
    Path zipFile = Files.write(dir.resolve("ho-so-" + System.nanoTime() + ".zip"), zip);
    Edoc edoc =
        Edoc.builder()
            .from(Documents.organ(TestNode.ORGAN_A))
            .to(Documents.organ(TestNode.ORGAN_B))
            .code(Long.toString(System.nanoTime() % 1_000_000), "UBND-VP")
            .promulgated("Hà Nội", LocalDate.now())
            .type(1, "Công văn")
            .subject("V/v gửi hồ sơ qua dòng lệnh")
            .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
            .attach(pdfFile, "application/pdf")
            .attach(zipFile, "application/zip")
            .build();
    try (OutputStream out = Files.newOutputStream(file)) {
      EdxmlWriter.create().write(edoc, out);
    }
    return edoc;
  }

  private static byte[] zip(String... nameAndContent) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < nameAndContent.length; i += 2) {
        zip.putNextEntry(new ZipEntry(nameAndContent[i]));
        zip.write(nameAndContent[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void sendPendingFetchConfirmStatusTracesAsAUserWould() throws Exception {
    byte[] pdf = "%PDF-1.4 tờ trình".getBytes(StandardCharsets.UTF_8);
    byte[] zip = zip("bang-1.txt", "Bảng 1", "phu-luc/bang-2.txt", "Bảng 2");
    Path file = dir.resolve("cong-van.edxml");
    Edoc edoc = writePackage(file, pdf, zip);
    String documentId = edoc.documentId();

    CliRun send = CliRun.of("send", "--config", configA, "--lang", "en", file.toString());
    assertEquals(0, send.exit(), send.toString());
    assertTrue(send.out().contains("accepted by node " + TestNode.NODE_ID), send.out());
    assertTrue(send.out().contains("document id  " + documentId), send.out());
    assertTrue(
        send.out().contains("→ " + TestNode.ORGAN_B + "  delivered to its mailbox"), send.out());
    String messageId =
        send.out()
            .lines()
            .filter(l -> l.startsWith("  message id"))
            .findFirst()
            .orElseThrow()
            .substring("  message id   ".length())
            .strip();

    CliRun pending = CliRun.of("pending", "--config", configB, "--lang", "en");
    assertEquals(0, pending.exit(), pending.toString());
    assertTrue(pending.out().contains(messageId), pending.out());
    assertTrue(pending.out().contains("from " + TestNode.ORGAN_A), pending.out());
    assertTrue(pending.out().contains("V/v gửi hồ sơ qua dòng lệnh"), pending.out());

    CliRun pendingJson =
        CliRun.of("pending", "--config", configB, "--json", "--type", "edoc", "--max", "50");
    assertEquals(0, pendingJson.exit(), pendingJson.toString());
    Map<String, Object> list = pendingJson.only();
    assertEquals("pending", list.get("command"));
    assertEquals(TestNode.ORGAN_B, list.get("organ"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messages = (List<Map<String, Object>>) list.get("messages");
    assertTrue(messages.stream().anyMatch(m -> messageId.equals(m.get("messageId"))));

    Path inbox = dir.resolve("inbox");
    CliRun fetch = CliRun.of("fetch", messageId, "--into", inbox.toString(), "--config", configB);
    assertEquals(0, fetch.exit(), fetch.toString());
    Path folder = inbox.resolve(messageId);
    assertArrayEquals(
        Files.readAllBytes(file), Files.readAllBytes(folder.resolve("package.edxml")));
    Path pdfOut;
    Path zipOut;
    try (var files = Files.list(folder)) {
      List<Path> all = files.sorted().toList();
      pdfOut = all.stream().filter(p -> p.toString().endsWith(".pdf")).findFirst().orElseThrow();
      zipOut = all.stream().filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
    }
    assertArrayEquals(pdf, Files.readAllBytes(pdfOut));
    assertArrayEquals(zip, Files.readAllBytes(zipOut));
    String stem = zipOut.getFileName().toString().replace(".zip", "");
    assertEquals("Bảng 1", Files.readString(folder.resolve(stem).resolve("bang-1.txt")));
    assertEquals("Bảng 2", Files.readString(folder.resolve(stem).resolve("phu-luc/bang-2.txt")));
    assertTrue(fetch.out().contains(folder.resolve("package.edxml").toString()), fetch.out());
    assertTrue(fetch.out().contains("edxml confirm " + messageId), fetch.out());

    CliRun again = CliRun.of("fetch", messageId, "--into", inbox.toString(), "-c", configB);
    assertEquals(2, again.exit(), again.toString());
    assertTrue(again.err().contains("already exists"), again.err());

    CliRun confirm = CliRun.of("confirm", messageId, "--config", configB, "--lang", "en");
    assertEquals(0, confirm.exit(), confirm.toString());
    assertTrue(confirm.out().contains(messageId + ": confirmed at"), confirm.out());
    CliRun confirmAgain = CliRun.of("confirm", messageId, "--config", configB, "--json");
    assertEquals(0, confirmAgain.exit(), confirmAgain.toString());
    assertEquals(true, confirmAgain.only().get("alreadyConfirmed"));

    CliRun status =
        CliRun.of(
            "status",
            documentId,
            "--code",
            "03",
            "--for",
            folder.toString(),
            "--config",
            configB,
            "--lang",
            "en");
    assertEquals(0, status.exit(), status.toString());
    assertTrue(status.out().contains("status 03 → " + documentId), status.out());
    assertTrue(status.out().contains("→ " + TestNode.ORGAN_A), status.out());

    // Without --for: the DocumentId in standard form carries the issuer, number and date.
    CliRun processing =
        CliRun.of(
            "status", documentId, "--code", "5", "--reason", "Đang xử lý", "-c", configB, "--json");
    assertEquals(0, processing.exit(), processing.toString());
    assertEquals("accepted", processing.only().get("outcome"));

    CliRun traces = CliRun.of("traces", documentId, "--config", configA, "--lang", "en");
    assertEquals(0, traces.exit(), traces.toString());
    for (String state : List.of("accepted", "delivered", "confirmed", "status 03", "status 05")) {
      assertTrue(traces.out().contains(state), state + " in\n" + traces.out());
    }
    CliRun tracesJson = CliRun.of("traces", documentId, "--config", configA, "--json");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events = (List<Map<String, Object>>) tracesJson.only().get("events");
    assertEquals(
        List.of("accepted", "delivered", "confirmed"),
        events.stream().map(e -> e.get("transport")).filter(t -> t != null).toList());

    CliRun statuses = CliRun.of("pending", "--type", "status", "-c", configA, "--lang", "vi");
    assertEquals(0, statuses.exit(), statuses.toString());
    assertTrue(statuses.out().contains("gói tin đang chờ " + TestNode.ORGAN_A), statuses.out());
    assertTrue(statuses.out().contains("trạng thái 03"), statuses.out());
  }

  @Test
  void organizationsListsTheDirectory() {
    CliRun orgs = CliRun.of("organizations", "--config", configA, "--prefix", "000.00.0");
    assertEquals(0, orgs.exit(), orgs.toString());
    for (String organ : List.of(TestNode.ORGAN_A, TestNode.ORGAN_B, TestNode.ORGAN_C)) {
      assertTrue(orgs.out().contains(organ), orgs.out());
    }
    CliRun byName = CliRun.of("orgs", "-c", configA, "--name", "organ 000.00.02", "--json");
    assertEquals(0, byName.exit(), byName.toString());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> organs =
        (List<Map<String, Object>>) byName.only().get("organizations");
    assertEquals(1, organs.size());
    assertEquals(TestNode.ORGAN_B, organs.get(0).get("organId"));
    assertEquals(true, organs.get(0).get("local"));
  }

  @Test
  void aRejectionExitsOneWithCodeCorrelationIdAndAdvice() throws Exception {
    Path file = dir.resolve("duplicate.edxml");
    writePackage(file, new byte[] {1, 2, 3}, zip("a.txt", "a"));
    assertEquals(0, CliRun.of("send", "-c", configA, file.toString()).exit());

    CliRun text = CliRun.of("send", "-c", configA, "--lang", "en", file.toString());
    assertEquals(1, text.exit(), text.toString());
    assertTrue(text.err().contains("rejected by the node"), text.err());
    assertTrue(text.err().contains("[duplicate_document, correlation id "), text.err());
    assertTrue(text.err().contains("Use a new document number"), text.err());
    assertTrue(text.err().contains("give the correlation id"), text.err());
    assertEquals("", text.out());

    CliRun vi = CliRun.of("send", "-c", configA, "--lang", "vi", file.toString());
    assertEquals(1, vi.exit());
    assertTrue(vi.err().contains("bị nút từ chối"), vi.err());
    assertTrue(vi.err().contains("mã tương quan"), vi.err());

    CliRun json = CliRun.of("send", "-c", configA, "--json", file.toString());
    assertEquals(1, json.exit());
    Map<String, Object> line = json.only();
    assertEquals("rejected", line.get("outcome"));
    assertEquals("duplicate_document", line.get("code"));
    assertTrue(line.get("correlationId") instanceof String);
    assertEquals(false, line.get("retryable"));
    assertEquals(1, line.get("exit"));
    assertEquals("", json.err());

    CliRun unknown = CliRun.of("fetch", "no-such-message", "-c", configB, "--into", dir.toString());
    assertEquals(1, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("not_found"), unknown.err());
  }

  @Test
  void aNodeThatIsDownExitsThreeAndSaysToRetry() throws Exception {
    Path config =
        ClientFiles.write(
            NODE,
            TestNode.ORGAN_A,
            NODE.pki().organ(TestNode.ORGAN_A),
            ClientFiles.deadEndpoint(),
            dir.resolve("dead"));
    CliRun down = CliRun.of("pending", "-c", config.toString(), "--retries", "2", "--lang", "en");
    assertEquals(3, down.exit(), down.toString());
    assertTrue(down.err().contains("no answer"), down.err());
    assertTrue(down.err().contains("trying again"), down.err());
    assertTrue(down.err().contains("run the same command again later"), down.err());

    CliRun json = CliRun.of("pending", "-c", config.toString(), "--retries", "1", "--json");
    assertEquals(3, json.exit());
    assertEquals("no_answer", json.only().get("outcome"));
    assertEquals(true, json.only().get("retryable"));
  }

  @Test
  void anAnswerFromTheWrongSignerExitsFour() throws Exception {
    Path organB = dir.resolve("organ-b-cert.pem");
    vn.edxml.pki.Pem.writeCertificate(organB, NODE.pki().organ(TestNode.ORGAN_B).certificate());
    CliRun r =
        CliRun.of("organizations", "-c", configA, "--node-cert", organB.toString(), "--lang", "en");
    assertEquals(4, r.exit(), r.toString());
    assertTrue(r.err().contains("untrusted answer"), r.err());
    assertTrue(r.err().contains("Do not retry"), r.err());
    assertFalse(r.err().contains("trying again"), r.err());
  }

  @Test
  void badConfigurationExitsTwoAndNamesTheFix() throws Exception {
    CliRun missing = CliRun.of("pending", "--config", dir.resolve("nope.properties").toString());
    assertEquals(2, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("no configuration file"), missing.err());

    Path noEndpoint = dir.resolve("no-endpoint.properties");
    Files.writeString(
        noEndpoint,
        Files.readString(Path.of(configA)).replaceAll("(?m)^endpoint=.*$", ""),
        StandardCharsets.UTF_8);
    CliRun r = CliRun.of("pending", "--config", noEndpoint.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("endpoint is missing"), r.err());

    Path badKeystore = dir.resolve("a").resolve("bad-keystore.properties");
    Files.writeString(
        badKeystore,
        Files.readString(Path.of(configA))
            .replaceAll("(?m)^keystore.password=.*$", "keystore.password=wrong"),
        StandardCharsets.UTF_8);
    CliRun wrongPassword = CliRun.of("pending", "--config", badKeystore.toString(), "--json");
    assertEquals(2, wrongPassword.exit(), wrongPassword.toString());
    assertEquals("error", wrongPassword.only().get("outcome"));
    assertTrue(
        ((String) wrongPassword.only().get("message")).contains("keystore.password"),
        wrongPassword.out());

    CliRun noSettings = CliRun.of("organizations");
    assertEquals(2, noSettings.exit());
    assertTrue(noSettings.err().contains("give --config FILE"), noSettings.err());

    CliRun badCode = CliRun.of("status", "X", "--code", "07", "-c", configB);
    assertEquals(2, badCode.exit());
    assertTrue(badCode.err().contains("unknown --code '07'"), badCode.err());

    CliRun rejectionWithoutReason = CliRun.of("status", "X", "--code", "02", "-c", configB);
    assertEquals(2, rejectionWithoutReason.exit());
    assertTrue(rejectionWithoutReason.err().contains("needs --reason"));

    CliRun opaqueId = CliRun.of("status", "not-a-standard-id", "--code", "03", "-c", configB);
    assertEquals(2, opaqueId.exit());
    assertTrue(opaqueId.err().contains("--for FILE"), opaqueId.err());

    CliRun noFile = CliRun.of("send", "-c", configA, dir.resolve("missing.edxml").toString());
    assertEquals(2, noFile.exit());
    assertTrue(noFile.err().contains("no such file"), noFile.err());
  }

  @Test
  void helpDocumentsTheExitCodes() {
    CliRun help = CliRun.of("send", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("Exit codes:"), help.out());
    assertTrue(help.out().contains("3   no answer from the node"), help.out());
    assertTrue(CliRun.of("--help").out().contains("4   the answer could not be trusted"));
  }
}
