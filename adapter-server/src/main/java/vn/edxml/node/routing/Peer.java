package vn.edxml.node.routing;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * A neighbouring node this node forwards to and accepts relayed messages from.
 *
 * @param name the local name used in the configuration ({@code peer.<name>.*}, route values)
 * @param nodeId the peer's node code (its {@code node.id}): recorded as next node and in hops
 * @param endpoint the peer's exchange service URL
 * @param certificateFile the PEM file of the peer's signing certificate
 * @param certificate that certificate: pins the peer's responses and identifies its relayed
 *     requests (by SHA-256 fingerprint)
 * @param relayFor what the peer may relay for (see {@link RelayRule})
 */
public record Peer(
    String name,
    String nodeId,
    URI endpoint,
    Path certificateFile,
    X509Certificate certificate,
    RelayRule relayFor) {

  /**
   * Which original senders a peer may relay for. {@code routes}: exactly the organs this node's
   * routing table sends to that peer (a reverse-path check: a message may come in only from the
   * direction its sender lies in). Explicit entries add exact organ codes ({@code organs}), level-1
   * groups ({@code groups}, e.g. {@code H41} for every code ending in {@code .H41}) or everything
   * ({@code any}). An organ whose mailbox is on this node is never relayable.
   */
  public record RelayRule(boolean routes, boolean any, Set<String> organs, Set<String> groups) {
    public RelayRule {
      organs = Set.copyOf(organs);
      groups = Set.copyOf(groups);
    }

    /** The default: the organs the routing table sends to the peer. */
    public static final RelayRule ROUTES = new RelayRule(true, false, Set.of(), Set.of());
  }
}
