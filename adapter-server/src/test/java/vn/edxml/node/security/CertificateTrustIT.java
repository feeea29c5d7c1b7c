package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.security.Invariants.assertHealthy;
import static vn.edxml.node.security.Invariants.assertRefused;
import static vn.edxml.node.security.Invariants.snapshot;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;

/**
 * Catalogue D: certificates, trust and the binding of the signing certificate to the claimed organ.
 * Bad certificates are registered for the organ they claim wherever possible, so that the refusal
 * can only come from the check under test.
 */
class CertificateTrustIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  /** An organ whose code has organ A's code as a prefix (substring trap). */
  static final String ORGAN_A_LONGER = TestNode.ORGAN_A + "9";

  private static Requests requests;
  private static TestClient organA;

  @BeforeAll
  static void setUp() {
    requests = new Requests(NODE);
    organA = NODE.client(TestNode.ORGAN_A);
    NODE.directory().putOrgan(ORGAN_A_LONGER, "Substring trap", null, null);
    NODE.directory()
        .registerCertificate(ORGAN_A_LONGER, NODE.pki().organ(ORGAN_A_LONGER).certificate());
  }

  @AfterAll
  static void tearDown() {
    organA.close();
  }

  /** Signs a new document claiming {@code claimed} with {@code credential}; expects refusal. */
  private static RawSoap.Reply refused(Credential credential, String claimed, ErrorCode code)
      throws Exception {
    return refused(requests.signer(credential), TestNode.ORGAN_A, claimed, code);
  }

  private static RawSoap.Reply refused(
      RawSoap.Signer signer, String packageFrom, String claimed, ErrorCode code) throws Exception {
    Document doc = signer.sign(requests.document(packageFrom, claimed).unsigned());
    Invariants.Snapshot before = snapshot(NODE);
    RawSoap.Reply reply = requests.send(doc);
    assertRefused(NODE, before, reply, code);
    assertHealthy(NODE, organA);
    return reply;
  }

  private static Credential registeredForA(Credential credential) {
    NODE.directory().registerCertificate(TestNode.ORGAN_A, credential.certificate());
    return credential;
  }

  @Test
  void d27_expiredCertificate() throws Exception {
    refused(
        registeredForA(NODE.pki().expired(TestNode.ORGAN_A)),
        TestNode.ORGAN_A,
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void d28_notYetValidCertificate() throws Exception {
    refused(
        registeredForA(NODE.pki().notYetValid(TestNode.ORGAN_A)),
        TestNode.ORGAN_A,
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void d30_lookAlikeCertificateFromAnUntrustedCaWithTheSameNames() throws Exception {
    refused(
        registeredForA(NODE.pki().untrusted(TestNode.ORGAN_A)),
        TestNode.ORGAN_A,
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void d39_issuerSerialReferenceInsteadOfTheToken() throws Exception {
    refused(
        requests
            .signer(TestNode.ORGAN_A)
            .keyIdentifier(org.apache.wss4j.dom.WSConstants.ISSUER_SERIAL),
        TestNode.ORGAN_A,
        TestNode.ORGAN_A,
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void d40_rsa1024Key() throws Exception {
    refused(
        registeredForA(NODE.pki().weak(TestNode.ORGAN_A)),
        TestNode.ORGAN_A,
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void d35_certificateOfAnotherOrgan() throws Exception {
    refused(NODE.pki().organ(TestNode.ORGAN_B), TestNode.ORGAN_A, ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d38_trustedButUnregisteredCertificate() throws Exception {
    Credential unregistered =
        NODE.pki()
            .ca()
            .issue(
                "CN=" + TestNode.ORGAN_A + ", OU=unregistered",
                KeyKind.RSA_2048,
                Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(86400));
    refused(unregistered, TestNode.ORGAN_A, ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d32_certificateRevokedInTheRegistry() throws Exception {
    Credential revoked =
        registeredForA(
            NODE.pki()
                .ca()
                .issue(
                    "CN=" + TestNode.ORGAN_A + ", OU=revoked",
                    KeyKind.RSA_2048,
                    Instant.now().minusSeconds(3600),
                    Instant.now().plusSeconds(86400)));
    // Accepted while registered ...
    RawSoap.Reply ok =
        requests.send(
            requests.signer(revoked).sign(requests.document(TestNode.ORGAN_A).unsigned()));
    assertEquals(200, ok.status(), ok.body());
    // ... refused once revoked.
    assertTrue(
        NODE.directory()
            .revokeCertificate(Fingerprints.sha256(revoked.certificate()), Instant.now()));
    refused(revoked, TestNode.ORGAN_A, ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d36_substringTrapShorterClaim() throws Exception {
    // Signed by the organ "...H999", claiming "...H99" (its prefix).
    refused(
        requests.signer(NODE.pki().organ(ORGAN_A_LONGER)),
        TestNode.ORGAN_A,
        TestNode.ORGAN_A,
        ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d36_substringTrapLongerClaim() throws Exception {
    // Signed by "...H99", claiming "...H999".
    refused(
        requests.signer(TestNode.ORGAN_A),
        ORGAN_A_LONGER,
        ORGAN_A_LONGER,
        ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d37_caseTrap() throws Exception {
    refused(
        NODE.pki().organ(TestNode.ORGAN_A),
        TestNode.ORGAN_A.toLowerCase(java.util.Locale.ROOT),
        ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d37_whitespaceTrap() throws Exception {
    refused(
        NODE.pki().organ(TestNode.ORGAN_A),
        " " + TestNode.ORGAN_A + " ",
        ErrorCode.SENDER_NOT_AUTHORIZED);
  }

  @Test
  void d37_fullWidthDigitTrap() throws Exception {
    // "000.00.01.H99" with full-width digits: not an organ code at all (schema pattern).
    String fullWidth = TestNode.ORGAN_A.replace('0', '\uFF10').replace('1', '\uFF11');
    refused(NODE.pki().organ(TestNode.ORGAN_A), fullWidth, ErrorCode.ENVELOPE_INVALID);
  }
}
