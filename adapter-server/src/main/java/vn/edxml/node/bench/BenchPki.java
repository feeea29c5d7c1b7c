package vn.edxml.node.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;

/**
 * Throw-away key material for one benchmark run, made in memory and never written anywhere but the
 * run's own temporary folder: a CA, the node's key, and one sending and one receiving organ per
 * client. Every target of the run (node and baselines) uses the same keys and algorithms.
 */
public final class BenchPki {

  /** The node code the benchmark node runs as. */
  public static final String NODE_ID = "000.00.00.H98";

  private final CertificateAuthority ca;
  private final Credential node;
  private final List<Organ> senders = new ArrayList<>();
  private final List<Organ> receivers = new ArrayList<>();

  /** An organ of the run: its code and credential. */
  public record Organ(String code, Credential credential) {}

  /**
   * @param clients number of concurrent clients (one sender and one receiver organ each)
   * @param kind key kind of the node and of every organ
   */
  public BenchPki(int clients, KeyKind kind, Instant now) {
    Instant from = now.minus(Duration.ofDays(1));
    Instant until = now.plus(Duration.ofDays(90));
    ca =
        CertificateAuthority.create(
            "CN=edXML BENCHMARK CA - NOT FOR PRODUCTION, O=edXML bench, C=VN",
            KeyKind.RSA_2048,
            from,
            Duration.ofDays(100));
    node = ca.issue("CN=" + NODE_ID + ", OU=bench node, O=edXML bench, C=VN", kind, from, until);
    for (int i = 0; i < clients; i++) {
      senders.add(
          organ(String.format("000.%02d.%02d.H98", 1 + i / 100, i % 100), kind, from, until));
      receivers.add(
          organ(String.format("000.%02d.%02d.H98", 51 + i / 100, i % 100), kind, from, until));
    }
  }

  private Organ organ(String code, KeyKind kind, Instant from, Instant until) {
    return new Organ(
        code, ca.issue("CN=" + code + ", OU=bench organ, O=edXML bench, C=VN", kind, from, until));
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public Credential node() {
    return node;
  }

  public Organ sender(int client) {
    return senders.get(client);
  }

  public Organ receiver(int client) {
    return receivers.get(client);
  }

  public List<Organ> organs() {
    List<Organ> all = new ArrayList<>(senders);
    all.addAll(receivers);
    return all;
  }
}
