package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.security.Invariants.assertHealthy;
import static vn.edxml.node.security.Invariants.assertRefused;
import static vn.edxml.node.security.Invariants.snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.edxml.client.ErrorCode;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.Interchange;

/**
 * Catalogue F (freshness and replay) and the payload binding: the signed timestamp's window, exact
 * replays (also across a restart), message id reuse, and package bytes that disagree with the
 * signed digest (inline and as an MTOM attachment swapped after signing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshnessReplayIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static Requests requests;
  private static TestClient organA;

  @BeforeAll
  static void setUp() {
    requests = new Requests(NODE);
    organA = NODE.client(TestNode.ORGAN_A);
  }

  @AfterAll
  static void tearDown() {
    organA.close();
  }

  private static void refused(Document doc, ErrorCode code) throws Exception {
    refused(RawSoap.bytes(doc), code);
  }

  private static void refused(byte[] request, ErrorCode code) throws Exception {
    Invariants.Snapshot before = snapshot(NODE);
    RawSoap.Reply reply = requests.post("SendDocument", request);
    assertRefused(NODE, before, reply, code);
    assertHealthy(NODE, organA);
  }

  private static RawSoap.Signer signerA() {
    return requests.signer(TestNode.ORGAN_A);
  }

  private static Document signedA(RawSoap.Signer signer) {
    return signer.sign(requests.document(TestNode.ORGAN_A).unsigned());
  }

  private static void accepted(Document doc) {
    long before = NODE.node().store().stats().messages();
    RawSoap.Reply reply = requests.send(doc);
    assertEquals(200, reply.status(), reply.body());
    assertEquals(before + 1, NODE.node().store().stats().messages());
  }

  // ------------------------------------------------------------------ timestamp window

  @Test
  void f58_expiredTimestamp() throws Exception {
    Instant now = Instant.now();
    refused(
        signedA(signerA().created(now.minusSeconds(600)).expires(now.minusSeconds(300))),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void f59_createdOlderThanTheTtl() throws Exception {
    Instant now = Instant.now();
    refused(
        signedA(signerA().created(now.minusSeconds(400)).expires(now.plusSeconds(300))),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void f59_oldCreatedWithoutExpires() throws Exception {
    refused(
        signedA(signerA().created(Instant.now().minusSeconds(400)).withoutExpires()),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void f61_timestampWithoutExpires() throws Exception {
    refused(signedA(signerA().withoutExpires()), ErrorCode.SECURITY_FAILED);
  }

  @Test
  void f60_createdThirtySecondsInTheFutureIsAccepted() {
    Instant future = Instant.now().plusSeconds(30);
    accepted(signedA(signerA().created(future).expires(future.plusSeconds(300))));
  }

  @Test
  void f60_created120SecondsInTheFutureIsRefused() throws Exception {
    Instant future = Instant.now().plusSeconds(120);
    refused(
        signedA(signerA().created(future).expires(future.plusSeconds(300))),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void f62_expiresBeforeCreated() throws Exception {
    Instant now = Instant.now();
    refused(
        signedA(signerA().created(now).expires(now.minusSeconds(10))), ErrorCode.SECURITY_FAILED);
  }

  @Test
  void f62_twoTimestamps() throws Exception {
    Document doc = signedA(signerA());
    Element ts = RawSoap.first(doc, RawSoap.WSU, "Timestamp");
    Element copy = (Element) ts.cloneNode(true);
    copy.removeAttributeNS(RawSoap.WSU, "Id");
    ts.getParentNode().insertBefore(copy, ts);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  // ------------------------------------------------------------------ replay

  @Test
  @Order(1)
  void f55_exactReplayWithinTheTtlIsRefusedAndNeverStoredTwice() throws Exception {
    byte[] request = RawSoap.bytes(signedA(signerA()));
    long before = NODE.node().store().stats().messages();
    RawSoap.Reply first = requests.post("SendDocument", request);
    assertEquals(200, first.status(), first.body());
    assertEquals(before + 1, NODE.node().store().stats().messages());
    refused(request, ErrorCode.SECURITY_FAILED);
  }

  @Test
  @Order(2)
  void f56_replayAfterARestartIsIdempotentAndNeverStoredTwice() throws Exception {
    byte[] request = RawSoap.bytes(signedA(signerA()));
    RawSoap.Reply first = requests.post("SendDocument", request);
    assertEquals(200, first.status(), first.body());
    String messageId = first.value("MessageId");
    long stored = NODE.node().store().stats().messages();
    long payloadFiles = Invariants.files(NODE.dataDir().resolve("payloads"));

    organA.close();
    NODE.restart();
    organA = NODE.client(TestNode.ORGAN_A);

    // The in-memory replay cache is gone; the durable (sender, message id) record answers.
    RawSoap.Reply replay = requests.post("SendDocument", request);
    if (replay.status() == 200) {
      assertEquals("true", replay.value("Duplicate"));
      assertEquals(messageId, replay.value("MessageId"));
    } else {
      Invariants.assertFault(replay, ErrorCode.SECURITY_FAILED);
    }
    assertEquals(stored, NODE.node().store().stats().messages());
    assertEquals(payloadFiles, Invariants.files(NODE.dataDir().resolve("payloads")));
    Invariants.assertNothingStored(NODE, snapshot(NODE));
    assertHealthy(NODE, organA);
  }

  @Test
  void f63_sameMessageIdDifferentContentIsAConflictAndTheOriginalIsKept() throws Exception {
    Requests.Send original = requests.document(TestNode.ORGAN_A);
    accepted(signerA().sign(original.unsigned()));

    Requests.Send other = requests.document(TestNode.ORGAN_A);
    other.ix().setMessageId(original.ix().getMessageId());
    refused(signerA().sign(other.unsigned()), ErrorCode.MESSAGE_ID_CONFLICT);

    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      assertArrayEquals(original.pkg(), b.fetch(original.ix().getMessageId()));
    }
  }

  @Test
  void f64_sameMessageIdFromTwoSendersIsTwoMessages() throws Exception {
    Requests.Send fromA = requests.document(TestNode.ORGAN_A);
    Requests.Send fromC = requests.document(TestNode.ORGAN_C);
    fromC.ix().setMessageId(fromA.ix().getMessageId());
    accepted(signerA().sign(fromA.unsigned()));
    accepted(requests.signer(TestNode.ORGAN_C).sign(fromC.unsigned()));
  }

  // ------------------------------------------------------------------ payload digest

  @Test
  void payloadDigestMismatchInlineSignedByTheSender() throws Exception {
    // The sender signs an envelope whose digest is of another package than the one it carries.
    Requests.Send send = requests.document(TestNode.ORGAN_A);
    byte[] other =
        TestClient.bytes(vn.edxml.node.testing.Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B));
    refused(
        signerA().sign(RawSoap.send("SendDocument", send.ix(), other)),
        ErrorCode.PAYLOAD_DIGEST_MISMATCH);
  }

  @Test
  void payloadSizeMismatchSignedByTheSender() throws Exception {
    Requests.Send send = requests.document(TestNode.ORGAN_A);
    send.ix().getPayload().setSize(send.pkg().length + 1L);
    refused(signerA().sign(send.unsigned()), ErrorCode.PAYLOAD_DIGEST_MISMATCH);
  }

  /** A signed MTOM request whose package travels as an attachment, outside the signature. */
  private static RawSoap.Reply postMtom(Requests.Send send, byte[] attachment) {
    Document doc = RawSoap.send("SendDocument", send.ix(), new byte[0]);
    Element pkg = RawSoap.first(doc, RawSoap.EX, "Package");
    pkg.setTextContent("");
    Element include = doc.createElementNS("http://www.w3.org/2004/08/xop/include", "xop:Include");
    include.setAttribute("href", "cid:package@test");
    pkg.appendChild(include);
    byte[] envelope = RawSoap.bytes(signerA().sign(doc));
    String boundary = "boundary-" + System.nanoTime();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String root =
        "--"
            + boundary
            + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n"
            + "Content-Transfer-Encoding: binary\r\nContent-ID: <root@test>\r\n\r\n";
    out.writeBytes(root.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(envelope);
    String part =
        "\r\n--"
            + boundary
            + "\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Transfer-Encoding: binary\r\nContent-ID: <package@test>\r\n\r\n";
    out.writeBytes(part.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(attachment);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    String contentType =
        "multipart/related; type=\"application/xop+xml\"; boundary=\""
            + boundary
            + "\"; start=\"<root@test>\"; start-info=\"text/xml\"";
    return RawSoap.post(NODE.node().address(), "SendDocument", contentType, out.toByteArray());
  }

  @Test
  void mtomAttachmentIsCheckedAgainstTheSignedDigest() throws Exception {
    // Control: the untouched attachment is accepted.
    Requests.Send good = requests.document(TestNode.ORGAN_A);
    long before = NODE.node().store().stats().messages();
    RawSoap.Reply ok = postMtom(good, good.pkg());
    assertEquals(200, ok.status(), ok.body());
    assertEquals(before + 1, NODE.node().store().stats().messages());

    // Same length, one byte changed, after signing (a man in the middle).
    Requests.Send send = requests.document(TestNode.ORGAN_A);
    byte[] tampered = send.pkg().clone();
    int i = new String(tampered, StandardCharsets.UTF_8).indexOf("thử nghiệm");
    assertTrue(i > 0);
    tampered[i] = (byte) 'T';
    Invariants.Snapshot snap = snapshot(NODE);
    assertRefused(NODE, snap, postMtom(send, tampered), ErrorCode.PAYLOAD_DIGEST_MISMATCH);

    // Another length.
    byte[] longer = java.util.Arrays.copyOf(send.pkg(), send.pkg().length + 10);
    assertRefused(NODE, snap, postMtom(send, longer), ErrorCode.PAYLOAD_DIGEST_MISMATCH);
    assertHealthy(NODE, organA);
  }

  @Test
  void queryEnvelopeWithoutPayloadCannotSendADocument() throws Exception {
    Requests.Send send = requests.document(TestNode.ORGAN_A);
    Interchange ix = Interchanges.query(TestNode.ORGAN_A, Instant.now());
    refused(
        signerA().sign(RawSoap.send("SendDocument", ix, send.pkg())), ErrorCode.ENVELOPE_INVALID);
  }
}
