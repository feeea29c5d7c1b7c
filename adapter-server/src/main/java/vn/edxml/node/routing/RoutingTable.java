package vn.edxml.node.routing;

import java.util.Map;
import java.util.Optional;

/**
 * The routing table of a node's configuration, peer names as values: exact organ codes ({@code
 * route.organ.<code>}), level-1 groups ({@code route.group.<L1>}: codes whose last dot-separated
 * group equals it) and a default upstream ({@code route.default}). Lookup order: exact organ,
 * group, default. Nothing else is read from a code: no prefixes, no parent codes, no directory home
 * node.
 *
 * @param organs exact organ code to peer name
 * @param groups level-1 code to peer name
 * @param defaultPeer peer name, or null for no default
 */
public record RoutingTable(
    Map<String, String> organs, Map<String, String> groups, String defaultPeer) {

  public static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of(), null);

  public RoutingTable {
    organs = Map.copyOf(organs);
    groups = Map.copyOf(groups);
  }

  /** The peer name the table gives for an organ, or empty. */
  public Optional<String> lookup(String organ) {
    String exact = organs.get(organ);
    if (exact != null) {
      return Optional.of(exact);
    }
    String group = groups.get(levelOneGroup(organ));
    if (group != null) {
      return Optional.of(group);
    }
    return Optional.ofNullable(defaultPeer);
  }

  /** The last dot-separated group of a code (the whole code when it has no dot). */
  public static String levelOneGroup(String code) {
    return code.substring(code.lastIndexOf('.') + 1);
  }

  public boolean isEmpty() {
    return organs.isEmpty() && groups.isEmpty() && defaultPeer == null;
  }
}
