package vn.edxml.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Organization;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.KeyKind;
import vn.edxml.pki.Pem;

/**
 * An organ's key from scratch: {@code keys generate}, the CSR signed by the test CA, {@code keys
 * import}, the certificate registered at the node, and the key store used by the client.
 */
class KeysCliIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @TempDir Path dir;

  @Test
  void generatedKeyWorksWithTheNodeOnceItsCertificateIsImportedAndRegistered() throws Exception {
    enrolAndUse("000.00.09.H99", false);
  }

  @Test
  void ecKeysWorkToo() throws Exception {
    enrolAndUse("000.00.08.H99", true);
  }

  private void enrolAndUse(String organ, boolean ec) throws Exception {
    Path keys = dir.resolve("keys");
    CliRun generate =
        ec
            ? CliRun.of(
                "keys",
                "generate",
                "--organ",
                organ,
                "--name",
                "UBND Thử",
                "--out",
                "" + keys,
                "--ec",
                "--json")
            : CliRun.of(
                "keys",
                "generate",
                "--organ",
                organ,
                "--name",
                "UBND Thử",
                "--out",
                "" + keys,
                "--json");
    assertEquals(0, generate.exit(), generate.toString());
    Map<String, Object> made = generate.only();
    Path p12 = Path.of((String) made.get("keystore"));
    Path csrFile = Path.of((String) made.get("csr"));
    Path passwordFile = Path.of((String) made.get("passwordFile"));
    String password = Files.readString(passwordFile).strip();
    assertEquals(ec ? "EC P-256" : "RSA-2048", made.get("keyType"));

    // The CSR is a valid PKCS#10 request, self-signed by the new key, for CN=organ, C=VN.
    PKCS10CertificationRequest csr;
    try (Reader r = Files.newBufferedReader(csrFile, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      csr = (PKCS10CertificationRequest) parser.readObject();
    }
    JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
    assertTrue(
        csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(jca.getPublicKey())));
    String subject = csr.getSubject().toString();
    assertTrue(subject.contains("CN=" + organ), subject);
    assertTrue(subject.contains("O=UBND Thử"), subject);
    assertTrue(subject.contains("C=VN"), subject);

    // Nothing is overwritten by a second generate.
    CliRun twice = CliRun.of("keys", "generate", "--organ", organ, "--out", keys.toString());
    assertEquals(2, twice.exit(), twice.toString());
    assertTrue(twice.err().contains("already exists"), twice.err());

    // The CA signs the request.
    Instant now = Instant.now();
    X509Certificate issued =
        NODE.pki()
            .ca()
            .issueFor(
                jca.getPublicKey(),
                "CN=" + organ + ", O=UBND Thu, C=VN",
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(365)),
                KeyKind.RSA_2048);
    Path signed = dir.resolve("signed.pem");
    Pem.writeCertificate(signed, issued);
    Path ca = dir.resolve("ca.pem");
    Pem.writeCertificate(ca, NODE.pki().ca().certificate());

    // A certificate for another key is refused, the key store unchanged.
    Path other = dir.resolve("other.pem");
    Pem.writeCertificate(other, NODE.pki().organ(TestNode.ORGAN_A).certificate());
    byte[] before = Files.readAllBytes(p12);
    CliRun wrong =
        CliRun.of(
            "keys",
            "import",
            "--keystore",
            p12.toString(),
            "--cert",
            other.toString(),
            "--password",
            password);
    assertEquals(2, wrong.exit(), wrong.toString());
    assertTrue(wrong.err().contains("is not a certificate for the key"), wrong.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(p12)));

    // The right one is imported with its chain (the password file next to the key is found).
    CliRun imported =
        CliRun.of(
            "keys",
            "import",
            "--keystore",
            p12.toString(),
            "--cert",
            signed.toString(),
            "--ca",
            ca.toString(),
            "--lang",
            "en");
    assertEquals(0, imported.exit(), imported.toString());
    assertTrue(imported.out().contains("imported into " + p12), imported.out());
    assertTrue(imported.out().contains("chain        2"), imported.out());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      store.load(in, password.toCharArray());
    }
    Certificate[] chain = store.getCertificateChain("organ");
    assertEquals(2, chain.length);
    assertEquals(issued, chain[0]);

    // The node's operator registers it; the key store now works with the client.
    NODE.directory().putOrgan(organ, "UBND Thử", null, null);
    NODE.directory().registerCertificate(organ, issued);
    Path config = dir.resolve(organ + ".properties");
    Pem.writeCertificate(dir.resolve("node.pem"), NODE.pki().node().certificate());
    Files.writeString(
        config,
        "endpoint="
            + NODE.node().address()
            + "\norgan.id="
            + organ
            + "\nkeystore.path="
            + p12
            + "\nkeystore.password="
            + password
            + "\ntrust.ca=ca.pem\nnode.certificate=node.pem\n",
        StandardCharsets.UTF_8);
    try (EdxmlClient client = EdxmlClient.fromConfig(config)) {
      assertEquals(
          organ,
          client.organizations(organ, null).value().stream()
              .map(Organization::organId)
              .findFirst()
              .orElseThrow());
    }
    CliRun pending = CliRun.of("pending", "--config", config.toString(), "--json");
    assertEquals(0, pending.exit(), pending.toString());
    assertEquals(0, pending.only().get("count"));
  }

  @Test
  void importRefusesABrokenChain() throws Exception {
    Path keys = dir.resolve("k");
    CliRun generate =
        CliRun.of(
            "keys",
            "generate",
            "--organ",
            "000.00.07.H99",
            "--out",
            keys.toString(),
            "--password",
            "pw-123456");
    assertEquals(0, generate.exit(), generate.toString());
    Path p12 = keys.resolve("000.00.07.H99.p12");
    PKCS10CertificationRequest csr;
    try (Reader r = Files.newBufferedReader(keys.resolve("000.00.07.H99.csr.pem"));
        PEMParser parser = new PEMParser(r)) {
      csr = (PKCS10CertificationRequest) parser.readObject();
    }
    Instant now = Instant.now();
    X509Certificate issued =
        NODE.pki()
            .ca()
            .issueFor(
                new JcaPKCS10CertificationRequest(csr).getPublicKey(),
                "CN=000.00.07.H99, C=VN",
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(30)),
                CertificateAuthority.kindOf(NODE.pki().ca().certificate()));
    Path signed = dir.resolve("signed.pem");
    Pem.writeCertificate(signed, issued);
    // A CA with the same name but another key: the chain does not link up.
    CertificateAuthority impostor =
        CertificateAuthority.create(
            NODE.pki().ca().certificate().getSubjectX500Principal().getName(),
            KeyKind.RSA_2048,
            now.minus(Duration.ofDays(1)),
            Duration.ofDays(30));
    Path fakeCa = dir.resolve("fake-ca.pem");
    Pem.writeCertificate(fakeCa, impostor.certificate());
    CliRun r =
        CliRun.of(
            "keys",
            "import",
            "--keystore",
            p12.toString(),
            "--cert",
            signed.toString(),
            "--ca",
            fakeCa.toString(),
            "--password",
            "pw-123456");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("the chain is broken"), r.err());
  }
}
