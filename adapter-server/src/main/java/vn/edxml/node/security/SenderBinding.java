package vn.edxml.node.security;

import java.security.cert.X509Certificate;
import java.util.Optional;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.node.routing.Peer;
import vn.edxml.node.routing.Router;
import vn.edxml.node.store.CertificateRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.OrganRecord;

/**
 * Binds a verified signing certificate to the organ a request claims to come from. The claim must
 * equal, character for character, the organ the certificate is registered for: no trimming, no case
 * folding, no Unicode normalisation, no prefix or substring match. A certificate that is not
 * registered, or revoked in the registry, binds to nothing.
 *
 * <p><b>Relays.</b> A certificate pinned for a configured peer node ({@code
 * peer.<name>.certificate}) is a node, not an organ: it binds to the claimed original sender only
 * when the peer may relay for that organ ({@link Router#mayRelay}: by default exactly the organs
 * this node's routing table sends to that peer; never an organ whose mailbox is on this node). The
 * peer's identity wins over any registry entry for the same certificate. A node certificate that is
 * neither pinned for a peer nor registered binds to nothing, like any other certificate.
 */
public final class SenderBinding {

  private final MessageStore store;
  private final Router router;

  public SenderBinding(MessageStore store) {
    this(store, null);
  }

  /** With relays: peers and their relay rules come from {@code router} (null: no peers). */
  public SenderBinding(MessageStore store, Router router) {
    this.store = store;
    this.router = router;
  }

  /**
   * @param certificate the certificate WS-Security verified (trusted CA, validity, signature)
   * @param claimedOrgan the Interchange header's From
   * @throws NodeFault SECURITY_FAILED for a weak key, SENDER_NOT_AUTHORIZED otherwise
   */
  public Caller bind(X509Certificate certificate, String claimedOrgan) {
    Optional<String> weak = KeyPolicy.requireStrongKey(certificate);
    if (weak.isPresent()) {
      throw NodeFault.of(ErrorCode.SECURITY_FAILED, "weak signing key: " + weak.get());
    }
    String fingerprint = Fingerprints.sha256(certificate);
    Optional<Peer> peer = router == null ? Optional.empty() : router.peerByFingerprint(fingerprint);
    if (peer.isPresent()) {
      return relay(peer.get(), certificate, fingerprint, claimedOrgan);
    }
    CertificateRecord registered =
        store
            .certificate(fingerprint)
            .orElseThrow(
                () ->
                    NodeFault.of(
                        ErrorCode.SENDER_NOT_AUTHORIZED,
                        "certificate "
                            + fingerprint
                            + " ("
                            + certificate.getSubjectX500Principal().getName()
                            + ") is not registered; claimed organ "
                            + printable(claimedOrgan)));
    if (registered.revoked()) {
      throw NodeFault.of(
          ErrorCode.SENDER_NOT_AUTHORIZED,
          "certificate " + fingerprint + " was revoked at " + registered.revokedAt());
    }
    if (claimedOrgan == null || !registered.organCode().equals(claimedOrgan)) {
      throw NodeFault.of(
          ErrorCode.SENDER_NOT_AUTHORIZED,
          "certificate "
              + fingerprint
              + " is registered for "
              + registered.organCode()
              + ", request claims "
              + printable(claimedOrgan));
    }
    return new Caller(registered.organCode(), certificate, fingerprint);
  }

  private Caller relay(
      Peer peer, X509Certificate certificate, String fingerprint, String claimedOrgan) {
    boolean local =
        claimedOrgan != null && store.organ(claimedOrgan).map(OrganRecord::local).orElse(false);
    if (!router.mayRelay(peer, claimedOrgan, local)) {
      throw NodeFault.of(
          ErrorCode.SENDER_NOT_AUTHORIZED,
          "peer node "
              + peer.nodeId()
              + " may not relay for "
              + printable(claimedOrgan)
              + (local ? " (an organ of this node)" : " (outside its relay rule)"));
    }
    return new Caller(claimedOrgan, certificate, fingerprint, peer.nodeId());
  }

  /** A claim made safe for a log line (control characters escaped, length bounded). */
  static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder("'");
    value
        .codePoints()
        .limit(80)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp > 0x7e) {
                sb.append(String.format("\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.append('\'').toString();
  }
}
