package vn.edxml.node.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;

/**
 * A PKI made at test time: a trusted CA, an untrusted look-alike CA, the node's credential and
 * credentials for organs, including deliberately bad ones (expired, not yet valid, untrusted, weak
 * key).
 */
public final class TestPki {

  private final Instant now = Instant.now();
  private final CertificateAuthority ca =
      CertificateAuthority.create(
          "CN=edXML Test CA, O=Test",
          KeyKind.RSA_2048,
          now.minus(Duration.ofDays(30)),
          Duration.ofDays(3650));
  private final CertificateAuthority untrustedCa =
      CertificateAuthority.create(
          "CN=edXML Test CA, O=Test",
          KeyKind.RSA_2048,
          now.minus(Duration.ofDays(30)),
          Duration.ofDays(3650));
  private final Map<String, Credential> valid = new ConcurrentHashMap<>();
  private final Credential node;

  public TestPki(String nodeId) {
    this(nodeId, KeyKind.RSA_2048);
  }

  /** A PKI whose node credential has a key of the given kind (e.g. EC P-256). */
  public TestPki(String nodeId, KeyKind nodeKey) {
    node =
        ca.issue(
            "CN=" + nodeId + ", OU=node",
            nodeKey,
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(365)));
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public Credential node() {
    return node;
  }

  /** A valid RSA-2048 credential for an organ (one per organ code). */
  public Credential organ(String code) {
    return valid.computeIfAbsent(
        code,
        c ->
            ca.issue(
                "CN=" + c + ", OU=organ",
                KeyKind.RSA_2048,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365))));
  }

  /** A valid EC P-256 credential. */
  public Credential ecOrgan(String code) {
    return ca.issue(
        "CN=" + code + ", OU=ec",
        KeyKind.EC_P256,
        now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(365)));
  }

  public Credential expired(String code) {
    return ca.issue(
        "CN=" + code + ", OU=expired",
        KeyKind.RSA_2048,
        now.minus(Duration.ofDays(60)),
        now.minus(Duration.ofDays(1)));
  }

  public Credential notYetValid(String code) {
    return ca.issue(
        "CN=" + code + ", OU=future",
        KeyKind.RSA_2048,
        now.plus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(60)));
  }

  /**
   * Same subject names as the trusted CA's certificates, issued by a CA the node does not trust.
   */
  public Credential untrusted(String code) {
    return untrustedCa.issue(
        "CN=" + code + ", OU=organ",
        KeyKind.RSA_2048,
        now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(365)));
  }

  /** An RSA-1024 key certified by the trusted CA. */
  public Credential weak(String code) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(1024);
      KeyPair keys = g.generateKeyPair();
      X509Certificate cert =
          ca.issueFor(
              keys.getPublic(),
              "CN=" + code + ", OU=weak",
              now.minus(Duration.ofDays(1)),
              now.plus(Duration.ofDays(30)),
              KeyKind.RSA_2048);
      return new Credential(keys.getPrivate(), List.of(cert, ca.certificate()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
