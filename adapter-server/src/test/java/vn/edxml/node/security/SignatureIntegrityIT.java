package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.security.Invariants.assertHealthy;
import static vn.edxml.node.security.Invariants.assertRefused;
import static vn.edxml.node.security.Invariants.snapshot;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;

/**
 * Catalogue B (signature presence and integrity) and C (signature wrapping): raw requests signed
 * with WSS4J and tampered with after signing. Each must be refused with the generic security fault,
 * store nothing, and leave the node healthy.
 */
class SignatureIntegrityIT {

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

  private static Requests.Send send() {
    return requests.document(TestNode.ORGAN_A);
  }

  private static void refused(Document doc, ErrorCode code) throws Exception {
    Invariants.Snapshot before = snapshot(NODE);
    RawSoap.Reply reply = requests.send(doc);
    assertRefused(NODE, before, reply, code);
    assertHealthy(NODE, organA);
  }

  // ------------------------------------------------------------------ A: the control

  @Test
  void a1_correctlySignedRawRequestIsAccepted() {
    long before = NODE.node().store().stats().messages();
    RawSoap.Reply reply = requests.send(requests.signed(send()));
    assertEquals(200, reply.status(), reply.body());
    assertEquals("false", reply.value("Duplicate"));
    assertEquals(before + 1, NODE.node().store().stats().messages());
  }

  // ------------------------------------------------------------------ B

  @Test
  void b3_unsignedMessage() throws Exception {
    Document doc = send().unsigned();
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b4_securityHeaderWithTimestampOnly() throws Exception {
    Document doc = requests.signer(TestNode.ORGAN_A).withoutSignature().sign(send().unsigned());
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b9_onlyTheTimestampSigned() throws Exception {
    Document doc =
        requests.signer(TestNode.ORGAN_A).parts(false, false, true).sign(send().unsigned());
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b10_timestampNotSigned() throws Exception {
    Document doc =
        requests.signer(TestNode.ORGAN_A).parts(true, true, false).sign(send().unsigned());
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b11_interchangeHeaderNotSigned() throws Exception {
    Document doc =
        requests.signer(TestNode.ORGAN_A).parts(true, false, true).sign(send().unsigned());
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b5_bodyModifiedAfterSigning() throws Exception {
    Document doc = requests.signed(send());
    Element pkg = RawSoap.first(doc, RawSoap.EX, "Package");
    String b64 = pkg.getTextContent();
    int i = b64.length() / 2;
    char c = b64.charAt(i) == 'A' ? 'B' : 'A';
    pkg.setTextContent(b64.substring(0, i) + c + b64.substring(i + 1));
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b6_attributeAddedToSignedBody() throws Exception {
    Document doc = requests.signed(send());
    RawSoap.body(doc).setAttributeNS("urn:evil", "e:flag", "1");
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b_interchangeHeaderModifiedAfterSigning() throws Exception {
    Document doc = requests.signed(send());
    RawSoap.first(doc, RawSoap.IX, "MessageId").setTextContent("evil-" + System.nanoTime());
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b7_signatureValueBitFlipped() throws Exception {
    Document doc = requests.signed(send());
    Element value = RawSoap.first(doc, RawSoap.DS, "SignatureValue");
    byte[] sig = Base64.getMimeDecoder().decode(value.getTextContent());
    sig[sig.length / 2] ^= 0x01;
    value.setTextContent(Base64.getEncoder().encodeToString(sig));
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b8_signedTimestampModified() throws Exception {
    Document doc = requests.signed(send());
    RawSoap.first(doc, RawSoap.WSU, "Expires")
        .setTextContent(RawSoap.xmlTime(Instant.now().plusSeconds(3600)));
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void b12_signatureByAKeyOtherThanTheTokensKey() throws Exception {
    // A second certificate registered for A; the message is signed with A's first key but its
    // BinarySecurityToken carries the second certificate.
    Credential second =
        NODE.pki()
            .ca()
            .issue(
                "CN=" + TestNode.ORGAN_A + ", OU=second",
                vn.edxml.pki.KeyKind.RSA_2048,
                Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(86400));
    NODE.directory().registerCertificate(TestNode.ORGAN_A, second.certificate());
    Document doc = requests.signed(send());
    RawSoap.first(doc, RawSoap.WSSE, "BinarySecurityToken")
        .setTextContent(Base64.getEncoder().encodeToString(second.certificate().getEncoded()));
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  // ------------------------------------------------------------------ C: wrapping

  /** A wrapper header the node does not understand, with mustUnderstand="0". */
  private static Element wrapper(Document doc) {
    Element w = doc.createElementNS("urn:evil", "e:Wrapper");
    w.setAttributeNS(RawSoap.SOAP11, "soap:mustUnderstand", "0");
    RawSoap.header(doc).appendChild(w);
    return w;
  }

  /** An evil Body: a different document's SendDocument, signed by nobody. */
  private static Element evilBody(Document doc) {
    return evilBody(doc, send());
  }

  private static Element evilBody(Document doc, Requests.Send evil) {
    return (Element) doc.importNode(RawSoap.body(evil.unsigned()), true);
  }

  /**
   * The attack must never get the evil content processed: either the request is refused, or (CXF
   * takes the first soap:Body start tag in document order as the Body and never reads what follows
   * it) exactly the signed original is what the node acted on, and the evil document is not stored.
   */
  private static void evilNeverProcessed(Document doc, Requests.Send original, Requests.Send evil)
      throws Exception {
    Invariants.Snapshot before = snapshot(NODE);
    RawSoap.Reply reply = requests.send(doc);
    if (reply.status() == 200) {
      assertEquals(original.ix().getMessageId(), reply.value("MessageId"));
      assertEquals(original.edoc().documentId(), reply.value("DocumentId"));
      assertEquals(before.messages() + 1, NODE.node().store().stats().messages());
    } else {
      assertRefused(NODE, before, reply, ErrorCode.SECURITY_FAILED);
    }
    assertTrue(NODE.node().store().document(evil.edoc().documentId()).isEmpty());
    assertTrue(
        NODE.node()
            .store()
            .messageFromSender(TestNode.ORGAN_A, evil.ix().getMessageId())
            .isEmpty());
    assertHealthy(NODE, organA);
  }

  private static String wsuId(Element e) {
    return e.getAttributeNS(RawSoap.WSU, "Id");
  }

  private static void bodyMovedIntoAWrapper(String idMode) throws Exception {
    Requests.Send original = send();
    Requests.Send evilSend = send();
    Document doc = requests.signed(original);
    Element body = RawSoap.body(doc);
    String id = wsuId(body);
    Element envelope = (Element) body.getParentNode();
    Element evil = evilBody(doc, evilSend);
    envelope.replaceChild(evil, body);
    wrapper(doc).appendChild(body);
    switch (idMode) {
      case "same" -> evil.setAttributeNS(RawSoap.WSU, "wsu:Id", id);
      case "new" -> evil.setAttributeNS(RawSoap.WSU, "wsu:Id", "id-evil");
      default -> {}
    }
    evilNeverProcessed(doc, original, evilSend);
  }

  @Test
  void c13_c14_signedBodyInAWrapperEvilBodyInPlaceWithTheSameId() throws Exception {
    bodyMovedIntoAWrapper("same");
  }

  @Test
  void c13_c15_signedBodyInAWrapperEvilBodyInPlaceWithoutId() throws Exception {
    bodyMovedIntoAWrapper("none");
  }

  @Test
  void c13_c16_signedBodyInAWrapperEvilBodyInPlaceWithANewId() throws Exception {
    bodyMovedIntoAWrapper("new");
  }

  @Test
  void c17_signedBodyMovedIntoTheSecurityHeader() throws Exception {
    Document doc = requests.signed(send());
    Element body = RawSoap.body(doc);
    Element envelope = (Element) body.getParentNode();
    envelope.replaceChild(evilBody(doc), body);
    RawSoap.security(doc).appendChild(body);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c18_twoBodiesEvilOneFirst() throws Exception {
    Document doc = requests.signed(send());
    Element body = RawSoap.body(doc);
    body.getParentNode().insertBefore(evilBody(doc), body);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c18_twoBodiesEvilOneLast() throws Exception {
    Requests.Send original = send();
    Requests.Send evilSend = send();
    Document doc = requests.signed(original);
    Element body = RawSoap.body(doc);
    body.getParentNode().appendChild(evilBody(doc, evilSend));
    evilNeverProcessed(doc, original, evilSend);
  }

  @Test
  void c19_twoSecurityHeaders() throws Exception {
    Document doc = requests.signed(send());
    // The second one is a valid Security header of another of A's messages.
    Document other = requests.signed(send());
    Element copy = (Element) doc.importNode(RawSoap.security(other), true);
    RawSoap.header(doc).appendChild(copy);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c20_secondSignatureByAnotherOrganOverADecoy() throws Exception {
    // A's message, plus organ C's own valid Security header from C's message, merged: two
    // signatures in one header is refused (exactly one signature).
    Document doc = requests.signed(send());
    Document other = requests.signed(requests.document(TestNode.ORGAN_C));
    Element security = RawSoap.security(doc);
    for (String local : new String[] {"BinarySecurityToken", "Signature"}) {
      Element e =
          local.equals("Signature")
              ? RawSoap.first(other, RawSoap.DS, local)
              : RawSoap.first(other, RawSoap.WSSE, local);
      security.appendChild(doc.importNode(e, true));
    }
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c21_signedIdDuplicatedOnAnUnrelatedElement() throws Exception {
    Document doc = requests.signed(send());
    String id = wsuId(RawSoap.body(doc));
    Element decoy = doc.createElementNS("urn:evil", "e:Decoy");
    decoy.setAttributeNS(RawSoap.WSU, "wsu:Id", id);
    wrapper(doc).appendChild(decoy);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c24_spoofedFreshTimestampFirstSignedOldOneWrappedAway() throws Exception {
    Document doc =
        requests
            .signer(TestNode.ORGAN_A)
            .created(Instant.now().minusSeconds(900))
            .sign(send().unsigned());
    Element security = RawSoap.security(doc);
    Element signedTs = RawSoap.first(doc, RawSoap.WSU, "Timestamp");
    Element fresh = (Element) signedTs.cloneNode(true);
    fresh.removeAttributeNS(RawSoap.WSU, "Id");
    RawSoap.child(fresh, RawSoap.WSU, "Created").setTextContent(RawSoap.xmlTime(Instant.now()));
    RawSoap.child(fresh, RawSoap.WSU, "Expires")
        .setTextContent(RawSoap.xmlTime(Instant.now().plusSeconds(300)));
    wrapper(doc).appendChild(signedTs);
    security.insertBefore(fresh, security.getFirstChild());
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c_signedInterchangeMovedIntoAWrapperEvilOneInPlace() throws Exception {
    Document doc = requests.signed(send());
    Element signedIx = RawSoap.first(doc, RawSoap.IX, "Interchange");
    Requests.Send evil = send();
    Element evilIx = RawSoap.interchangeElement(doc, evil.ix());
    signedIx.getParentNode().replaceChild(evilIx, signedIx);
    wrapper(doc).appendChild(signedIx);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c_interchangeHeaderDuplicated() throws Exception {
    Document doc = requests.signed(send());
    Element signedIx = RawSoap.first(doc, RawSoap.IX, "Interchange");
    Element copy = (Element) signedIx.cloneNode(true);
    copy.removeAttributeNS(RawSoap.WSU, "Id");
    RawSoap.header(doc).appendChild(copy);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c_unsignedSecondInterchangeHeaderBeforeTheSignedOne() throws Exception {
    Document doc = requests.signed(send());
    Element signedIx = RawSoap.first(doc, RawSoap.IX, "Interchange");
    Requests.Send evil = send();
    signedIx.getParentNode().insertBefore(RawSoap.interchangeElement(doc, evil.ix()), signedIx);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void c_interchangeInTheBodyInsteadOfTheHeader() throws Exception {
    // Envelope without the header; a signed Interchange smuggled into the Body's operation.
    Requests.Send s = send();
    Document doc = RawSoap.send("SendDocument", null, s.pkg());
    Element op = (Element) RawSoap.body(doc).getFirstChild();
    op.appendChild(RawSoap.interchangeElement(doc, s.ix()));
    doc = requests.signer(TestNode.ORGAN_A).parts(true, false, true).sign(doc);
    // The body no longer matches the operation's schema: refused before any business step.
    refused(doc, ErrorCode.REQUEST_INVALID);
    assertFalse(RawSoap.all(doc, RawSoap.IX, "Interchange").isEmpty());
  }
}
