package vn.edxml.node.testing;

import jakarta.activation.DataHandler;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
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
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;
import vn.edxml.pki.Credential;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.*;

/** A signed CXF client of a {@link TestNode} acting for one organ, with test conveniences. */
public final class TestClient implements AutoCloseable {

  private final String organ;
  private final Bus bus = BusFactory.newInstance().createBus();
  private final EdxmlExchangePortType port;

  TestClient(TestNode node, String organ, Credential credential) {
    this(
        node.node().address(),
        organ,
        credential,
        List.of(node.pki().ca().certificate()),
        Set.of(node.pki().node().certificate()));
  }

  /**
   * A client of any node address, trusting {@code trustAnchors} and accepting responses signed by
   * one of {@code expectedNodes} only.
   */
  public TestClient(
      String address,
      String organ,
      Credential credential,
      List<java.security.cert.X509Certificate> trustAnchors,
      Set<java.security.cert.X509Certificate> expectedNodes) {
    this.organ = organ;
    char[] pw = "pw".toCharArray();
    Map<String, Object> props =
        WsSecurityProperties.signing(
            Wss4jCrypto.create(credential.toKeyStore("organ", pw), trustAnchors),
            "organ",
            pw,
            credential.certificate().getPublicKey().getAlgorithm(),
            Duration.ofSeconds(300),
            Duration.ofSeconds(60),
            false);
    port =
        ExchangePorts.create(
            bus,
            address,
            props,
            true,
            Duration.ofSeconds(10),
            Duration.ofSeconds(120),
            new ResponseSignerCheck(expectedNodes));
  }

  public String organ() {
    return organ;
  }

  public EdxmlExchangePortType port() {
    return port;
  }

  public static byte[] bytes(EdxmlPackage pkg) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      EdxmlWriter.create().write(pkg, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Receipt send(Edoc edoc) throws InterchangeFault_Exception {
    byte[] pkg = bytes(edoc);
    return sendDocument(
        pkg,
        envelope(
            pkg,
            MessageType.EDOC,
            edoc.to().stream().map(Organ::organId).toList(),
            edoc.documentId()));
  }

  public Receipt sendStatus(Status status, List<String> to) throws InterchangeFault_Exception {
    byte[] pkg = bytes(status);
    return sendStatus(
        pkg, envelope(pkg, MessageType.STATUS, to, status.responseFor().documentId()));
  }

  public Interchange envelope(byte[] pkg, MessageType type, List<String> to, String documentId) {
    return Interchanges.send(
        UUID.randomUUID().toString(),
        organ,
        to,
        type,
        documentId,
        sha256(pkg),
        pkg.length,
        Instant.now());
  }

  public Receipt sendDocument(byte[] pkg, Interchange ix) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, ix);
    return port.sendDocument(request(pkg));
  }

  public Receipt sendStatus(byte[] pkg, Interchange ix) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, ix);
    return port.sendStatus(request(pkg));
  }

  public GetPendingDocumentsResponse pending() throws InterchangeFault_Exception {
    return pending(organ, null, null);
  }

  public GetPendingDocumentsResponse pending(String organId, MessageType type, Integer max)
      throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
    GetPendingDocuments p = new GetPendingDocuments();
    p.setOrganId(organId);
    p.setMessageType(type);
    p.setMax(max);
    return port.getPendingDocuments(p);
  }

  public GetDocumentResponse get(String messageId) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
    GetDocument p = new GetDocument();
    p.setOrganId(organ);
    p.setMessageId(messageId);
    return port.getDocument(p);
  }

  public byte[] fetch(String messageId) throws InterchangeFault_Exception, IOException {
    try (InputStream in = get(messageId).getPackage().getInputStream()) {
      return in.readAllBytes();
    }
  }

  public ConfirmReceivedResponse confirm(String messageId) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
    ConfirmReceived p = new ConfirmReceived();
    p.setOrganId(organ);
    p.setMessageId(messageId);
    return port.confirmReceived(p);
  }

  public GetTracesResponse traces(String documentId) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
    GetTraces p = new GetTraces();
    p.setDocumentId(documentId);
    return port.getTraces(p);
  }

  public GetOrganizationsResponse organizations(String prefix) throws InterchangeFault_Exception {
    ExchangePorts.interchange(port, Interchanges.query(organ, Instant.now()));
    GetOrganizations p = new GetOrganizations();
    p.setCodePrefix(prefix);
    return port.getOrganizations(p);
  }

  /** Runs a call that must fail and returns the fault code it failed with. */
  public static String faultCode(ThrowingCall call) {
    try {
      call.run();
    } catch (InterchangeFault_Exception e) {
      return e.getFaultInfo().getCode();
    } catch (SOAPFaultException e) {
      return "soap:" + e.getFault().getFaultString();
    } catch (Exception e) {
      return "exception:" + e;
    }
    throw new AssertionError("the call succeeded but was expected to fail");
  }

  /** A call that may throw. */
  @FunctionalInterface
  public interface ThrowingCall {
    void run() throws Exception;
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PackageRequest request(byte[] pkg) {
    PackageRequest r = new PackageRequest();
    r.setPackage(new DataHandler(new BytesDataSource(pkg)));
    return r;
  }

  /** In-memory package bytes as an activation data source. */
  private record BytesDataSource(byte[] bytes) implements jakarta.activation.DataSource {
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

  @Override
  public void close() {
    bus.shutdown(true);
  }
}
