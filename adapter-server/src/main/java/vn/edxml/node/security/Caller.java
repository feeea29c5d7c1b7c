package vn.edxml.node.security;

import java.security.cert.X509Certificate;

/**
 * The authenticated sender of a request: the organ its verified signing certificate is registered
 * for, or, for a request relayed by a peer node, the original sender the peer may relay for.
 *
 * @param organ organ code, exactly as registered (relayed: the original sender, as claimed in the
 *     signed Interchange/From and allowed by the relay rule)
 * @param certificate the certificate that verified the request's signature
 * @param fingerprint SHA-256 of the certificate, lower-case hex
 * @param relayedBy for a relayed request, the node code of the peer that signed it; else null
 */
public record Caller(
    String organ, X509Certificate certificate, String fingerprint, String relayedBy) {

  /** A caller signing for itself (not relayed). */
  public Caller(String organ, X509Certificate certificate, String fingerprint) {
    this(organ, certificate, fingerprint, null);
  }

  /** True when a peer node relayed this request on the organ's behalf. */
  public boolean relayed() {
    return relayedBy != null;
  }
}
