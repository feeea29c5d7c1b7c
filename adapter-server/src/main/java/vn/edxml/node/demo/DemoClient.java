package vn.edxml.node.demo;

import jakarta.activation.DataHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.client.internal.ResponseSignerCheck;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.pki.Pem;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.ConfirmReceived;
import vn.edxml.wsdl.service.ConfirmReceivedResponse;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.GetDocument;
import vn.edxml.wsdl.service.GetPendingDocuments;
import vn.edxml.wsdl.service.GetTraces;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.PendingMessage;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.TraceEvent;

/**
 * A signed client acting for one organ, from a {@link ClientConfig}: what the demo uses for its
 * traffic until the client library's {@code EdxmlClient} exists. Requests are signed with the
 * organ's key; every response must be signed by the configured node certificate.
 */
public final class DemoClient implements AutoCloseable {

  private final ClientConfig config;
  private final Clock clock;
  private final Bus bus = BusFactory.newInstance().createBus();
  private final EdxmlExchangePortType port;

  public DemoClient(ClientConfig config, Clock clock) throws IOException {
    this.config = config;
    this.clock = clock;
    try {
      KeyStore ks = config.openKeyStore();
      X509Certificate mine = config.certificate(ks);
      List<X509Certificate> cas = new ArrayList<>();
      for (var p : config.trustedCas()) {
        cas.addAll(Pem.readCertificates(p));
      }
      Set<X509Certificate> node = Set.copyOf(Pem.readCertificates(config.nodeCertificate()));
      Map<String, Object> props =
          WsSecurityProperties.signing(
              Wss4jCrypto.create(ks, cas),
              config.keyAlias(),
              config.keystorePassword(),
              mine.getPublicKey().getAlgorithm(),
              Duration.ofSeconds(300),
              Duration.ofSeconds(60),
              false);
      port =
          ExchangePorts.create(
              bus,
              config.endpoint(),
              props,
              true,
              Duration.ofSeconds(10),
              Duration.ofSeconds(120),
              new ResponseSignerCheck(node));
    } catch (IOException | RuntimeException e) {
      bus.shutdown(true);
      throw e;
    }
  }

  public String organ() {
    return config.organId();
  }

  /** Sends a document package to {@code to}. */
  public Receipt sendDocument(byte[] pkg, List<String> to, String documentId)
      throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, envelope(pkg, MessageType.EDOC, to, documentId));
    return port.sendDocument(request(pkg));
  }

  /** Sends a status package to {@code to} (the document's issuer). */
  public Receipt sendStatus(byte[] pkg, List<String> to, String documentId)
      throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, envelope(pkg, MessageType.STATUS, to, documentId));
    return port.sendStatus(request(pkg));
  }

  /** Messages waiting for this organ; {@code type} null for both kinds. */
  public List<PendingMessage> pending(MessageType type) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ(), clock.instant()));
    GetPendingDocuments p = new GetPendingDocuments();
    p.setOrganId(organ());
    p.setMessageType(type);
    return port.getPendingDocuments(p).getPending();
  }

  /** The package bytes of a message for this organ. */
  public byte[] fetch(String messageId) throws InterchangeFault_Exception, IOException {
    ExchangePorts.interchange(port, Interchanges.query(organ(), clock.instant()));
    GetDocument p = new GetDocument();
    p.setOrganId(organ());
    p.setMessageId(messageId);
    try (InputStream in = port.getDocument(p).getPackage().getInputStream()) {
      return in.readAllBytes();
    }
  }

  public ConfirmReceivedResponse confirm(String messageId) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ(), clock.instant()));
    ConfirmReceived p = new ConfirmReceived();
    p.setOrganId(organ());
    p.setMessageId(messageId);
    return port.confirmReceived(p);
  }

  public List<TraceEvent> traces(String documentId) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ(), clock.instant()));
    GetTraces p = new GetTraces();
    p.setDocumentId(documentId);
    return port.getTraces(p).getEvent();
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private vn.edxml.schema.envelope.Interchange envelope(
      byte[] pkg, MessageType type, List<String> to, String documentId) {
    return Interchanges.send(
        UUID.randomUUID().toString(),
        organ(),
        to,
        type,
        documentId,
        sha256(pkg),
        pkg.length,
        clock.instant());
  }

  private static PackageRequest request(byte[] pkg) {
    PackageRequest r = new PackageRequest();
    r.setPackage(new DataHandler(new BytesSource(pkg)));
    return r;
  }

  /** In-memory package bytes as an activation data source. */
  private record BytesSource(byte[] bytes) implements jakarta.activation.DataSource {
    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
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

  @Override
  public void close() {
    bus.shutdown(true);
  }
}
