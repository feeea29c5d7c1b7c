package vn.edxml.node.federation.demo;

import jakarta.activation.DataHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.client.internal.ResponseSignerCheck;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.pki.Pem;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.PendingMessage;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.TraceEvent;

/**
 * The federation sample ({@code samples/federation/run.sh}): {@link #setup} writes four node
 * folders with a DEMO PKI (commune node → province hub H41 → national hub → province hub H44),
 * peers and routing tables on free loopback ports; the script starts each node as its own process;
 * {@link #walk} sends a document from the commune organ to the other province's organ, fetches it
 * there, walks statuses 01, 03 and 06 back, and prints the hop trace and the sender's timeline.
 */
public final class FederationDemo {

  /** The four nodes: folder name, node code, organ code, organ name. */
  record DemoNode(String folder, String nodeId, String organ, String organName) {}

  static final List<DemoNode> NODES =
      List.of(
          new DemoNode("xa", "xa.H41.01", "000.46.24.H41", "UBND xã Thanh Lương (DEMO)"),
          new DemoNode("hub41", "hub.H41", "000.00.00.H41", "UBND tỉnh H41 (DEMO)"),
          new DemoNode("national", "hub.national", "000.00.00.G22", "Văn phòng Chính phủ (DEMO)"),
          new DemoNode("hub44", "hub.H44", "000.00.01.H44", "Sở Nội vụ tỉnh H44 (DEMO)"));

  private static final DemoNode XA = NODES.get(0);
  private static final DemoNode HUB41 = NODES.get(1);
  private static final DemoNode NATIONAL = NODES.get(2);
  private static final DemoNode HUB44 = NODES.get(3);

  private static final String MARK =
      "# DEMO MATERIAL made by `edxml-node demo-federation setup`: NEVER USE IN PRODUCTION.\n";

  private FederationDemo() {}

  // ---------------------------------------------------------------- setup

  /** Writes the four node folders and two client configurations under {@code dir} (new). */
  public static void setup(Path dir, PrintWriter out) throws IOException {
    if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
      throw new IOException(dir + " is not empty: give a new folder");
    }
    Files.createDirectories(dir.resolve("clients"));
    Instant now = Instant.now();
    CertificateAuthority ca =
        CertificateAuthority.create(
            "CN=edXML FEDERATION DEMO CA - NOT FOR PRODUCTION, O=edXML demo, C=VN",
            KeyKind.RSA_2048,
            now.minus(Duration.ofDays(1)),
            Duration.ofDays(365));
    Pem.writeCertificate(dir.resolve("ca.pem"), ca.certificate());
    Map<DemoNode, Credential> nodeKeys = new LinkedHashMap<>();
    Map<DemoNode, Integer> ports = new LinkedHashMap<>();
    for (DemoNode n : NODES) {
      nodeKeys.put(
          n,
          ca.issue(
              "CN=" + n.nodeId() + ", OU=DEMO node, O=edXML demo, C=VN",
              KeyKind.RSA_2048,
              now.minus(Duration.ofDays(1)),
              now.plus(Duration.ofDays(90))));
      ports.put(n, freePort());
    }
    Map<DemoNode, Map<String, DemoNode>> peers = new LinkedHashMap<>();
    Map<DemoNode, List<String>> routes = new LinkedHashMap<>();
    peers.put(XA, Map.of("province", HUB41));
    routes.put(XA, List.of("route.default=province"));
    peers.put(HUB41, Map.of("xa01", XA, "national", NATIONAL));
    routes.put(HUB41, List.of("route.organ." + XA.organ() + "=xa01", "route.default=national"));
    peers.put(NATIONAL, Map.of("h41", HUB41, "h44", HUB44));
    routes.put(NATIONAL, List.of("route.group.H41=h41", "route.group.H44=h44"));
    peers.put(HUB44, Map.of("national", NATIONAL));
    routes.put(HUB44, List.of("route.default=national"));

    for (DemoNode n : NODES) {
      Path nd = dir.resolve(n.folder());
      Files.createDirectories(nd.resolve("peers"));
      String password = password();
      nodeKeys.get(n).writePkcs12(nd.resolve("node.p12"), "node", password.toCharArray());
      Pem.writeCertificate(nd.resolve("node.pem"), nodeKeys.get(n).certificate());
      Pem.writeCertificate(nd.resolve("ca.pem"), ca.certificate());
      StringBuilder p = new StringBuilder(MARK);
      p.append("# Node ").append(n.nodeId()).append(" of the federation sample.\n");
      p.append("node.id=").append(n.nodeId()).append('\n');
      p.append("http.host=127.0.0.1\nhttp.port=").append(ports.get(n)).append('\n');
      p.append("keystore.path=node.p12\nkeystore.password=").append(password).append('\n');
      p.append("trust.ca=ca.pem\ndata.dir=data\ndirectory.file=directory.txt\n");
      p.append("shutdown.grace=2s\n");
      p.append("forward.backoff.initial=500ms\nforward.backoff.max=5s\n");
      p.append("forward.poll-interval=500ms\nforward.breaker.open=5s\n");
      for (var peer : peers.get(n).entrySet()) {
        DemoNode other = peer.getValue();
        String name = peer.getKey();
        Pem.writeCertificate(
            nd.resolve("peers").resolve(name + ".pem"), nodeKeys.get(other).certificate());
        p.append("peer.").append(name).append(".node=").append(other.nodeId()).append('\n');
        p.append("peer.")
            .append(name)
            .append(".endpoint=")
            .append(endpoint(ports.get(other)))
            .append('\n');
        p.append("peer.").append(name).append(".certificate=peers/").append(name).append(".pem\n");
      }
      for (String route : routes.get(n)) {
        p.append(route).append('\n');
      }
      Files.writeString(nd.resolve("node.properties"), p, StandardCharsets.UTF_8);

      Credential organKey =
          ca.issue(
              "CN=" + n.organ() + ", OU=DEMO organ, O=edXML demo, C=VN",
              KeyKind.RSA_2048,
              now.minus(Duration.ofDays(1)),
              now.plus(Duration.ofDays(90)));
      Pem.writeCertificate(nd.resolve("organ.pem"), organKey.certificate());
      Files.writeString(
          nd.resolve("directory.txt"),
          MARK + n.organ() + " | " + n.organName() + " |  |  | organ.pem\n",
          StandardCharsets.UTF_8);
      String organPassword = password();
      Path clients = dir.resolve("clients");
      organKey.writePkcs12(
          clients.resolve(n.folder() + ".p12"), "organ", organPassword.toCharArray());
      Pem.writeCertificate(
          clients.resolve(n.folder() + "-node.pem"), nodeKeys.get(n).certificate());
      Files.writeString(
          clients.resolve(n.folder() + ".properties"),
          vn.edxml.node.demo.ClientConfig.render(
              "DEMO client of " + n.organ() + " at node " + n.nodeId(),
              endpoint(ports.get(n)),
              n.organ(),
              n.organName(),
              n.folder() + ".p12",
              organPassword,
              "organ",
              "../ca.pem",
              n.folder() + "-node.pem"),
          StandardCharsets.UTF_8);
      out.printf(
          "node %-13s %-9s port %5d  organ %s  peers %s%n",
          n.nodeId(),
          n.folder(),
          ports.get(n),
          n.organ(),
          peers.get(n).values().stream().map(DemoNode::nodeId).sorted().toList());
    }
    out.flush();
  }

  // ---------------------------------------------------------------- walk

  /**
   * Waits for the four nodes, sends a document from the commune organ to the other province's organ
   * and walks its statuses back. Returns true when every check held.
   */
  public static boolean walk(Path dir, PrintWriter out, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    for (DemoNode n : NODES) {
      waitHealthy(dir, n, deadline, out);
    }
    try (Organ_ x = new Organ_(dir, XA);
        Organ_ y = new Organ_(dir, HUB44)) {
      Edoc edoc = document(XA, HUB44);
      byte[] pkg = bytes(edoc);
      Receipt receipt = x.send(pkg, MessageType.EDOC, List.of(y.organ), edoc.documentId());
      out.printf(
          "%n1. %s (node %s) sends %s to %s (node %s)%n   receipt: %s, next node %s%n",
          x.organ,
          XA.nodeId(),
          edoc.documentId(),
          y.organ,
          HUB44.nodeId(),
          receipt.getRecipient().get(0).getOutcome().value(),
          receipt.getRecipient().get(0).getNextNode());

      PendingMessage arrived =
          await(
              "the document at " + y.organ,
              deadline,
              () ->
                  y.pending(MessageType.EDOC).stream()
                      .filter(p -> p.getMessageId().equals(receipt.getMessageId()))
                      .findFirst()
                      .orElse(null));
      GetDocumentResponse got = y.get(arrived.getMessageId());
      byte[] fetched;
      try (InputStream in = got.getPackage().getInputStream()) {
        fetched = in.readAllBytes();
      }
      boolean same = MessageDigest.isEqual(sha256(pkg), sha256(fetched));
      List<String> hopNodes = new ArrayList<>();
      out.printf(
          "%n2. %s fetches it: from %s, package %s byte for byte%n   hop trace (Interchange/HopTrace):%n",
          y.organ, got.getInterchange().getFrom(), same ? "unchanged" : "CHANGED");
      for (Hop h : got.getInterchange().getHopTrace().getHop()) {
        hopNodes.add(h.getNode());
        out.printf(
            "     %-13s received %s%s%n",
            h.getNode(),
            h.getReceivedAt(),
            h.getForwardedAt() == null ? "" : "  forwarded " + h.getForwardedAt());
      }
      y.confirm(arrived.getMessageId());

      out.printf("%n3. %s confirms and answers with statuses 01, 03, 06%n", y.organ);
      List<String> statusIds = new ArrayList<>();
      for (StatusCode code :
          List.of(StatusCode.RECEIVED, StatusCode.ACCEPTED, StatusCode.COMPLETED)) {
        Status status =
            Status.builder()
                .from(Organ.of(y.organ, HUB44.organName()))
                .responseFor(edoc)
                .code(code)
                .build();
        byte[] sp = bytes(status);
        statusIds.add(
            y.send(sp, MessageType.STATUS, List.of(x.organ), edoc.documentId()).getMessageId());
      }
      List<String> codes =
          await(
              "the statuses at " + x.organ,
              deadline,
              () -> {
                List<PendingMessage> p = x.pending(MessageType.STATUS);
                List<String> ids = p.stream().map(PendingMessage::getMessageId).toList();
                return ids.containsAll(statusIds)
                    ? p.stream()
                        .filter(m -> statusIds.contains(m.getMessageId()))
                        .map(PendingMessage::getStatusCode)
                        .toList()
                    : null;
              });
      out.printf("   statuses in %s's mailbox at node %s: %s%n", x.organ, XA.nodeId(), codes);
      for (String id : statusIds) {
        x.confirm(id);
      }

      List<TraceEvent> events = x.traces(edoc.documentId());
      out.printf(
          "%n4. the sender's timeline (GetTraces at node %s, joined across the nodes)%n",
          XA.nodeId());
      for (TraceEvent e : events) {
        out.printf(
            "   %s  %-13s %-14s %-12s %s%n",
            e.getAt(),
            e.getNode() == null ? "-" : e.getNode(),
            e.getRecipient(),
            e.getStatus() != null ? "status " + e.getStatus() : e.getTransport().value(),
            e.getDetail() == null ? "" : e.getDetail());
      }
      List<String> expectedHops =
          List.of(XA.nodeId(), HUB41.nodeId(), NATIONAL.nodeId(), HUB44.nodeId());
      boolean ok =
          same
              && hopNodes.equals(expectedHops)
              && codes.equals(List.of("01", "03", "06"))
              && events.stream().anyMatch(e -> "06".equals(e.getStatus()))
              && events.stream()
                  .anyMatch(
                      e ->
                          HUB44.nodeId().equals(e.getNode())
                              && e.getTransport() != null
                              && "confirmed".equals(e.getTransport().value()));
      out.printf(
          "%n%s%n",
          ok
              ? "OK: delivered across 4 nodes, statuses back, hop trace and timeline complete"
              : "FAILED: expected hops " + expectedHops + " and statuses [01, 03, 06]");
      out.flush();
      return ok;
    }
  }

  private static void waitHealthy(Path dir, DemoNode n, long deadline, PrintWriter out)
      throws Exception {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(dir.resolve(n.folder()).resolve("node.properties"))) {
      p.load(r);
    }
    URI health = URI.create("http://127.0.0.1:" + p.getProperty("http.port").strip() + "/health");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await(
        "node " + n.nodeId() + " at " + health,
        deadline,
        () -> {
          try {
            HttpResponse<Void> r =
                http.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? Boolean.TRUE : null;
          } catch (IOException e) {
            return null;
          }
        });
    out.printf("node %-13s is up (%s)%n", n.nodeId(), health);
    out.flush();
  }

  @FunctionalInterface
  private interface Probe<T> {
    T get() throws Exception;
  }

  private static <T> T await(String what, long deadline, Probe<T> probe) throws Exception {
    for (int i = 0; i < 100_000; i++) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(300);
    }
    throw new IOException("timed out waiting for " + what);
  }

  private static Edoc document(DemoNode from, DemoNode to) {
    byte[] text =
        ("Công văn mẫu gửi liên thông qua bốn nút (DEMO), " + Instant.now())
            .getBytes(StandardCharsets.UTF_8);
    int number = 1 + new SecureRandom().nextInt(899_999);
    return Edoc.builder()
        .from(Organ.of(from.organ(), from.organName()))
        .to(Organ.of(to.organ(), to.organName()))
        .code(Integer.toString(number), "UBND-VP")
        .promulgated("Thanh Lương", LocalDate.now())
        .type(1, "Công văn")
        .subject("V/v thử nghiệm liên thông văn bản qua các cấp (DEMO) số " + number)
        .signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A")
        .attach(
            Attachment.builder()
                .name("cong-van-" + number + ".txt")
                .contentType("text/plain")
                .content(() -> new java.io.ByteArrayInputStream(text))
                .size(text.length)
                .build())
        .build();
  }

  private static byte[] bytes(EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toByteArray();
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static String endpoint(int port) {
    return "http://127.0.0.1:" + port + "/edxml/exchange";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String password() {
    String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder("demo-");
    for (int i = 0; i < 16; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** In-memory package bytes. */
  private record Bytes(byte[] bytes) implements jakarta.activation.DataSource {
    @Override
    public InputStream getInputStream() {
      return new java.io.ByteArrayInputStream(bytes);
    }

    @Override
    public java.io.OutputStream getOutputStream() throws IOException {
      throw new IOException("read-only");
    }

    @Override
    public String getContentType() {
      return "application/octet-stream";
    }

    @Override
    public String getName() {
      return "package";
    }
  }

  /** A signed client of one demo organ at its node. */
  private static final class Organ_ implements AutoCloseable {
    final String organ;
    private final Bus bus = BusFactory.newInstance().createBus();
    private final EdxmlExchangePortType port;

    Organ_(Path dir, DemoNode n) throws IOException {
      var config =
          vn.edxml.node.demo.ClientConfig.load(
              dir.resolve("clients").resolve(n.folder() + ".properties"));
      this.organ = config.organId();
      KeyStore ks = config.openKeyStore();
      var ca = Pem.readCertificates(config.trustedCas().get(0));
      var nodeCert = Pem.readCertificates(config.nodeCertificate()).get(0);
      port =
          ExchangePorts.create(
              bus,
              config.endpoint(),
              WsSecurityProperties.signing(
                  Wss4jCrypto.create(ks, ca),
                  config.keyAlias(),
                  config.keystorePassword(),
                  "RSA",
                  Duration.ofSeconds(300),
                  Duration.ofSeconds(60),
                  false),
              true,
              Duration.ofSeconds(10),
              Duration.ofSeconds(60),
              new ResponseSignerCheck(Set.of(nodeCert)));
    }

    Receipt send(byte[] pkg, MessageType type, List<String> to, String documentId)
        throws Exception {
      Interchange ix =
          Interchanges.send(
              UUID.randomUUID().toString(),
              organ,
              type == MessageType.STATUS ? List.of() : to,
              type,
              documentId,
              sha256(pkg),
              pkg.length,
              Instant.now());
      ExchangePorts.interchange(port, ix);
      PackageRequest r = new PackageRequest();
      r.setPackage(
          new DataHandler(
              new jakarta.mail.util.ByteArrayDataSource(pkg, "application/octet-stream")));
      return type == MessageType.STATUS ? port.sendStatus(r) : port.sendDocument(r);
    }

    List<PendingMessage> pending(MessageType type) throws Exception {
      ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
      var p = new vn.edxml.wsdl.service.GetPendingDocuments();
      p.setOrganId(organ);
      p.setMessageType(type);
      return port.getPendingDocuments(p).getPending();
    }

    GetDocumentResponse get(String messageId) throws Exception {
      ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
      var p = new vn.edxml.wsdl.service.GetDocument();
      p.setOrganId(organ);
      p.setMessageId(messageId);
      return port.getDocument(p);
    }

    void confirm(String messageId) throws Exception {
      ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
      var p = new vn.edxml.wsdl.service.ConfirmReceived();
      p.setOrganId(organ);
      p.setMessageId(messageId);
      port.confirmReceived(p);
    }

    List<TraceEvent> traces(String documentId) throws Exception {
      ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
      var p = new vn.edxml.wsdl.service.GetTraces();
      p.setDocumentId(documentId);
      return port.getTraces(p).getEvent();
    }

    @Override
    public void close() {
      bus.shutdown(true);
    }
  }
}
