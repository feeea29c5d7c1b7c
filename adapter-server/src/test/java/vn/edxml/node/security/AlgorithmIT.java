package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static vn.edxml.node.security.Invariants.assertHealthy;
import static vn.edxml.node.security.Invariants.assertRefused;
import static vn.edxml.node.security.Invariants.snapshot;

import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.edxml.client.ErrorCode;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.wsdl.service.Receipt;

/**
 * Catalogue E (algorithms) and EC support: the node accepts exactly RSA-SHA256 from RSA keys and
 * ECDSA-SHA256 from EC keys (SHA-256 digests, exclusive c14n), whatever its own key type, and
 * refuses everything else.
 */
class AlgorithmIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @RegisterExtension static final TestNode EC_NODE = new TestNode(64L << 20, KeyKind.EC_P256);

  /** An organ registered only with an EC P-256 certificate. */
  static final String EC_ORGAN = "000.00.07.H99";

  private static Requests requests;
  private static TestClient organA;
  private static Credential ecCredential;

  @BeforeAll
  static void setUp() {
    requests = new Requests(NODE);
    organA = NODE.client(TestNode.ORGAN_A);
    ecCredential = NODE.pki().ecOrgan(EC_ORGAN);
    NODE.directory().putOrgan(EC_ORGAN, "EC organ", null, null);
    NODE.directory().registerCertificate(EC_ORGAN, ecCredential.certificate());
  }

  @AfterAll
  static void tearDown() {
    organA.close();
  }

  private static void refused(Document doc, ErrorCode code) throws Exception {
    Invariants.Snapshot before = snapshot(NODE);
    RawSoap.Reply reply = requests.send(doc);
    assertRefused(NODE, before, reply, code);
    assertHealthy(NODE, organA);
  }

  private static Document signedBy(RawSoap.Signer signer, String from) {
    return signer.sign(requests.document(from).unsigned());
  }

  // ------------------------------------------------------------------ accepted

  @Test
  void rsaSha256FromAnRsaOrganIsAccepted() {
    RawSoap.Reply reply =
        requests.send(signedBy(requests.signer(TestNode.ORGAN_A), TestNode.ORGAN_A));
    assertEquals(200, reply.status(), reply.body());
  }

  @Test
  void ecdsaSha256FromAnEcOrganIsAcceptedRaw() {
    RawSoap.Reply reply =
        requests.send(
            signedBy(requests.signer(ecCredential).algorithm(RawSoap.ECDSA_SHA256), EC_ORGAN));
    assertEquals(200, reply.status(), reply.body());
  }

  @Test
  void ecOrganClientSendsToAnRsaNodeAndVerifiesTheRsaSignedResponse() throws Exception {
    try (TestClient ec = NODE.client(EC_ORGAN, ecCredential)) {
      Edoc edoc = Documents.edoc(EC_ORGAN, TestNode.ORGAN_B);
      Receipt receipt = ec.send(edoc);
      assertFalse(receipt.isDuplicate());
      assertEquals(edoc.documentId(), receipt.getDocumentId());
      ec.pending();
    }
  }

  @Test
  void ecNodeServesRsaClientsAndEcClients() throws Exception {
    try (TestClient rsa = EC_NODE.client(TestNode.ORGAN_A)) {
      Receipt receipt = rsa.send(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B));
      assertFalse(receipt.isDuplicate());
    }
    Credential ec = EC_NODE.pki().ecOrgan(EC_ORGAN);
    EC_NODE.directory().putOrgan(EC_ORGAN, "EC organ", null, null);
    EC_NODE.directory().registerCertificate(EC_ORGAN, ec.certificate());
    try (TestClient client = EC_NODE.client(EC_ORGAN, ec)) {
      Receipt receipt = client.send(Documents.edoc(EC_ORGAN, TestNode.ORGAN_B));
      assertFalse(receipt.isDuplicate());
    }
  }

  @Test
  void mixedRsaAndEcTrafficAtTheSameTimeAllSucceeds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TestClient rsa = NODE.client(TestNode.ORGAN_A);
        TestClient ec = NODE.client(EC_ORGAN, ecCredential)) {
      List<Future<Receipt>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        results.add(
            pool.submit(() -> rsa.send(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B))));
        results.add(pool.submit(() -> ec.send(Documents.edoc(EC_ORGAN, TestNode.ORGAN_B))));
      }
      for (Future<Receipt> r : results) {
        assertFalse(r.get(60, TimeUnit.SECONDS).isDuplicate());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ refused

  @Test
  void e41_rsaSha1SignatureMethod() throws Exception {
    refused(
        signedBy(requests.signer(TestNode.ORGAN_A).algorithm(RawSoap.RSA_SHA1), TestNode.ORGAN_A),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e41_ecdsaSha1SignatureMethod() throws Exception {
    refused(
        signedBy(
            requests
                .signer(ecCredential)
                .algorithm("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"),
            EC_ORGAN),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e41_rsaSha512IsNotOnTheList() throws Exception {
    refused(
        signedBy(requests.signer(TestNode.ORGAN_A).algorithm(RawSoap.RSA_SHA512), TestNode.ORGAN_A),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e42_sha1DigestWithRsaSha256() throws Exception {
    refused(
        signedBy(requests.signer(TestNode.ORGAN_A).digest(RawSoap.SHA1), TestNode.ORGAN_A),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e46_inclusiveCanonicalization() throws Exception {
    refused(
        signedBy(
            requests
                .signer(TestNode.ORGAN_A)
                .canonicalization("http://www.w3.org/TR/2001/REC-xml-c14n-20010315"),
            TestNode.ORGAN_A),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e44_hmacWithThePublicKeyAsSecret() throws Exception {
    Document doc = signedBy(requests.signer(TestNode.ORGAN_A), TestNode.ORGAN_A);
    Element signedInfo = RawSoap.first(doc, RawSoap.DS, "SignedInfo");
    RawSoap.first(doc, RawSoap.DS, "SignatureMethod")
        .setAttribute("Algorithm", RawSoap.HMAC_SHA256);
    org.apache.xml.security.Init.init();
    ByteArrayOutputStream c14n = new ByteArrayOutputStream();
    Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS)
        .canonicalizeSubtree(signedInfo, c14n);
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] secret = NODE.pki().organ(TestNode.ORGAN_A).certificate().getPublicKey().getEncoded();
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    RawSoap.first(doc, RawSoap.DS, "SignatureValue")
        .setTextContent(Base64.getEncoder().encodeToString(mac.doFinal(c14n.toByteArray())));
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e45_dsaKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    Credential dsa =
        new Credential(
            keys.getPrivate(),
            List.of(
                NODE.pki()
                    .ca()
                    .issueFor(
                        keys.getPublic(),
                        "CN=" + TestNode.ORGAN_A + ", OU=dsa",
                        Instant.now().minusSeconds(3600),
                        Instant.now().plusSeconds(86400),
                        KeyKind.RSA_2048),
                NODE.pki().ca().certificate()));
    NODE.directory().registerCertificate(TestNode.ORGAN_A, dsa.certificate());
    refused(
        signedBy(requests.signer(dsa).algorithm(RawSoap.DSA_SHA256), TestNode.ORGAN_A),
        ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e_ecdsaMethodWithAnRsaKey() throws Exception {
    Document doc = signedBy(requests.signer(TestNode.ORGAN_A), TestNode.ORGAN_A);
    RawSoap.first(doc, RawSoap.DS, "SignatureMethod")
        .setAttribute("Algorithm", RawSoap.ECDSA_SHA256);
    refused(doc, ErrorCode.SECURITY_FAILED);
  }

  @Test
  void e49_externalUriReferenceIsNeverFetched() throws Exception {
    try (CounterServer counter = new CounterServer()) {
      Document doc = signedBy(requests.signer(TestNode.ORGAN_A), TestNode.ORGAN_A);
      Element signedInfo = RawSoap.first(doc, RawSoap.DS, "SignedInfo");
      Element ref = (Element) RawSoap.first(doc, RawSoap.DS, "Reference").cloneNode(true);
      ref.setAttribute("URI", counter.url("reference"));
      signedInfo.insertBefore(ref, RawSoap.first(doc, RawSoap.DS, "Reference"));
      refused(doc, ErrorCode.SECURITY_FAILED);
      assertEquals(0, counter.hits(), "the node fetched an external reference");
    }
  }
}
