package vn.edxml.node.routing;

import java.util.List;

/**
 * A node's place among nodes: its peers, its routing table and how it forwards. Without peers a
 * node only serves its own organs (every other recipient is unroutable).
 */
public record Federation(List<Peer> peers, RoutingTable routes, ForwardSettings forward) {

  public static final Federation NONE =
      new Federation(List.of(), RoutingTable.EMPTY, ForwardSettings.DEFAULTS);

  public Federation {
    peers = List.copyOf(peers);
  }
}
