package vn.edxml.node.routing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.edxml.node.security.Fingerprints;

/**
 * Answers the two routing questions of a node: where does a recipient go next (routing table only),
 * and may a peer relay a message from a given original sender. Immutable; built once from the
 * configuration.
 */
public final class Router {

  private final String nodeId;
  private final Federation federation;
  private final Map<String, Peer> byName = new HashMap<>();
  private final Map<String, Peer> byNode = new HashMap<>();
  private final Map<String, Peer> byFingerprint = new HashMap<>();

  public Router(String nodeId, Federation federation) {
    this.nodeId = nodeId;
    this.federation = federation;
    for (Peer p : federation.peers()) {
      byName.put(p.name(), p);
      byNode.put(p.nodeId(), p);
      byFingerprint.put(Fingerprints.sha256(p.certificate()), p);
    }
  }

  /** A router without peers: only local organs are reachable. */
  public static Router none(String nodeId) {
    return new Router(nodeId, Federation.NONE);
  }

  public String nodeId() {
    return nodeId;
  }

  public Federation federation() {
    return federation;
  }

  public List<Peer> peers() {
    return federation.peers();
  }

  /**
   * The peer the routing table sends a (non-local) recipient to, or empty: unroutable. The caller
   * checks the local directory first.
   */
  public Optional<Peer> nextHop(String organ) {
    return federation.routes().lookup(organ).map(byName::get);
  }

  /** The peer with this node code. */
  public Optional<Peer> peerByNode(String nodeCode) {
    return Optional.ofNullable(byNode.get(nodeCode));
  }

  /** The peer whose pinned certificate has this SHA-256 fingerprint (lower-case hex). */
  public Optional<Peer> peerByFingerprint(String fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /**
   * True when {@code peer} may relay messages whose original sender is {@code organ}. Never for an
   * organ whose mailbox is on this node ({@code local}): a peer cannot speak for our own organs.
   */
  public boolean mayRelay(Peer peer, String organ, boolean local) {
    if (local || organ == null) {
      return false;
    }
    Peer.RelayRule rule = peer.relayFor();
    if (rule.any() || rule.organs().contains(organ)) {
      return true;
    }
    if (rule.groups().contains(RoutingTable.levelOneGroup(organ))) {
      return true;
    }
    return rule.routes() && nextHop(organ).map(p -> p.name().equals(peer.name())).orElse(false);
  }

  /** True when {@code node} appears in {@code chain} (a routing loop). */
  public static boolean inChain(String node, Collection<String> chain) {
    return chain.contains(node);
  }
}
