package vn.edxml.node.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.edxml.node.routing.Federation;
import vn.edxml.node.routing.ForwardSettings;
import vn.edxml.node.routing.Peer;
import vn.edxml.node.routing.RoutingTable;
import vn.edxml.pki.Pem;

/**
 * Reads the federation keys: {@code peer.<name>.node|endpoint|certificate|relay-for}, {@code
 * route.organ.<code>}, {@code route.group.<L1>}, {@code route.default} and the {@code forward.*}
 * settings. Every value is checked here, naming the key and the fix.
 */
final class FederationSettings {

  private static final String NAME = "[a-z0-9][a-z0-9\\-]{0,31}";
  private static final String CODE = "[A-Za-z0-9._:\\-]{1,64}";

  private FederationSettings() {}

  static Federation read(Settings s, String nodeId) {
    ForwardSettings d = ForwardSettings.DEFAULTS;
    ForwardSettings forward =
        new ForwardSettings(
            s.integer("forward.max-attempts", d.maxAttempts(), 1, 1000),
            positive(s, "forward.backoff.initial", d.backoffInitial()),
            positive(s, "forward.backoff.max", d.backoffMax()),
            s.integer("forward.breaker.failures", d.breakerFailures(), 1, 1000),
            positive(s, "forward.breaker.open", d.breakerOpen()),
            positive(s, "forward.poll-interval", d.pollInterval()),
            positive(s, "forward.timeout", d.timeout()),
            positive(s, "forward.lease", d.lease()),
            positive(s, "forward.traces-timeout", d.tracesTimeout()));
    if (forward.backoffMax().compareTo(forward.backoffInitial()) < 0) {
      throw new ConfigException(
          "forward.backoff.max",
          "is smaller than forward.backoff.initial",
          "make it at least the initial delay");
    }
    if (forward.lease().compareTo(forward.timeout().multipliedBy(2)) < 0) {
      throw new ConfigException(
          "forward.lease",
          "is shorter than twice forward.timeout",
          "a claimed forward must stay reserved while it is being sent: raise forward.lease");
    }

    Map<String, Peer> peers = new LinkedHashMap<>();
    Set<String> names = new java.util.TreeSet<>();
    for (String key : s.keys("peer.")) {
      String rest = key.substring("peer.".length());
      int dot = rest.indexOf('.');
      String name = dot < 0 ? rest : rest.substring(0, dot);
      String property = dot < 0 ? "" : rest.substring(dot + 1);
      if (!name.matches(NAME)) {
        throw new ConfigException(
            key, "'" + name + "' is not a peer name", "use lower-case letters, digits and dashes");
      }
      if (!Set.of("node", "endpoint", "certificate", "relay-for").contains(property)) {
        throw new ConfigException(
            key,
            "is not a known key",
            "a peer has peer.<name>.node, .endpoint, .certificate and .relay-for");
      }
      names.add(name);
    }
    Set<String> nodes = new HashSet<>();
    for (String name : names) {
      String prefix = "peer." + name + ".";
      String node =
          s.required(prefix + "node", "give the peer's node code (its node.id), e.g. hub.H41");
      if (!node.matches(CODE)) {
        throw new ConfigException(
            prefix + "node", "'" + node + "' is not a node code", "use letters, digits, . _ : -");
      }
      if (node.equals(nodeId)) {
        throw new ConfigException(
            prefix + "node", "is this node's own code", "a peer is another node");
      }
      if (!nodes.add(node)) {
        throw new ConfigException(
            prefix + "node", "node " + node + " is configured twice", "one peer per node");
      }
      URI endpoint = endpoint(s, prefix + "endpoint");
      Path certFile = s.path(prefix + "certificate", null);
      if (certFile == null) {
        throw new ConfigException(
            prefix + "certificate",
            "is required",
            "give the PEM file of the peer node's signing certificate");
      }
      X509Certificate certificate;
      try {
        List<X509Certificate> certs = Pem.readCertificates(certFile);
        if (certs.isEmpty()) {
          throw new IOException("no certificate in the file");
        }
        certificate = certs.get(0);
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(
            prefix + "certificate",
            "cannot read " + certFile + ": " + e.getMessage(),
            "give the PEM file of the peer node's signing certificate",
            e);
      }
      peers.put(
          name,
          new Peer(
              name,
              node,
              endpoint,
              certFile,
              certificate,
              relayRule(prefix + "relay-for", s.string(prefix + "relay-for", "routes"))));
    }
    Set<String> fingerprints = new HashSet<>();
    for (Peer p : peers.values()) {
      if (!fingerprints.add(vn.edxml.node.security.Fingerprints.sha256(p.certificate()))) {
        throw new ConfigException(
            "peer." + p.name() + ".certificate",
            "the same certificate is configured for two peers",
            "give each peer its own node certificate");
      }
    }

    Map<String, String> organs = new LinkedHashMap<>();
    for (String key : s.keys("route.organ.")) {
      String code = key.substring("route.organ.".length());
      if (!code.matches(CODE)) {
        throw new ConfigException(key, "'" + code + "' is not an organ code", "fix the key");
      }
      organs.put(code, peerName(s, key, peers));
    }
    Map<String, String> groups = new LinkedHashMap<>();
    for (String key : s.keys("route.group.")) {
      String group = key.substring("route.group.".length());
      if (!group.matches("[A-Za-z0-9]{1,16}")) {
        throw new ConfigException(
            key, "'" + group + "' is not a level-1 code", "use the code's last group, e.g. H41");
      }
      groups.put(group, peerName(s, key, peers));
    }
    for (String key : s.keys("route.")) {
      if (!key.startsWith("route.organ.")
          && !key.startsWith("route.group.")
          && !key.equals("route.default")) {
        throw new ConfigException(
            key, "is not a known key", "use route.organ.<code>, route.group.<L1> or route.default");
      }
    }
    String defaultPeer = s.string("route.default", null);
    if (defaultPeer != null) {
      defaultPeer = peerName(s, "route.default", peers);
    }
    return new Federation(
        new ArrayList<>(peers.values()), new RoutingTable(organs, groups, defaultPeer), forward);
  }

  private static String peerName(Settings s, String key, Map<String, Peer> peers) {
    String name = s.string(key, "");
    if (!peers.containsKey(name)) {
      throw new ConfigException(
          key,
          "names peer '" + name + "', which is not configured",
          "configure peer." + name + ".node/.endpoint/.certificate, or fix the name");
    }
    return name;
  }

  private static URI endpoint(Settings s, String key) {
    String value =
        s.required(key, "give the peer's exchange URL, e.g. https://hub:8443/edxml/exchange");
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(
          key, "'" + value + "' is not an http(s) URL", "e.g. https://hub:8443/edxml/exchange");
    }
  }

  private static Peer.RelayRule relayRule(String key, String value) {
    boolean routes = false;
    boolean any = false;
    Set<String> organs = new HashSet<>();
    Set<String> groups = new HashSet<>();
    for (String part : value.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      if (item.equals("routes")) {
        routes = true;
      } else if (item.equals("*")) {
        any = true;
      } else if (item.startsWith("*.") && item.substring(2).matches("[A-Za-z0-9]{1,16}")) {
        groups.add(item.substring(2));
      } else if (item.matches(CODE) && !item.contains("*")) {
        organs.add(item);
      } else {
        throw new ConfigException(
            key,
            "'" + item + "' is not a relay entry",
            "use routes, an organ code, *.<L1> (e.g. *.H41) or *");
      }
    }
    if (!routes && !any && organs.isEmpty() && groups.isEmpty()) {
      throw new ConfigException(key, "is empty", "use routes (the default) or list organs");
    }
    return new Peer.RelayRule(routes, any, organs, groups);
  }

  private static Duration positive(Settings s, String key, Duration defaultValue) {
    Duration d = s.duration(key, defaultValue);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException(key, "must be positive", "e.g. 5s");
    }
    return d;
  }
}
