package vn.edxml.node.store;

import java.time.Instant;

/**
 * A certificate registered for an organ (or for a peer node, with the node's code as organ).
 *
 * @param fingerprint SHA-256 of the DER encoding, lower-case hex (64 characters)
 * @param organCode the organ it is registered for
 * @param subject RFC 2253 subject name
 * @param serial serial number, hex
 * @param notBefore validity start
 * @param notAfter validity end
 * @param pem the certificate, PEM
 * @param revokedAt null while valid; else the revocation time
 */
public record CertificateRecord(
    String fingerprint,
    String organCode,
    String subject,
    String serial,
    Instant notBefore,
    Instant notAfter,
    String pem,
    Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
