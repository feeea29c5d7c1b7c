package vn.edxml.node.bench;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.apache.wss4j.common.crypto.Merlin;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.pki.Credential;
import vn.edxml.schema.envelope.Digest;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.ConfirmReceived;
import vn.edxml.wsdl.service.ConfirmReceivedResponse;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.GetDocument;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.GetOrganizations;
import vn.edxml.wsdl.service.GetOrganizationsResponse;
import vn.edxml.wsdl.service.GetPendingDocuments;
import vn.edxml.wsdl.service.GetPendingDocumentsResponse;
import vn.edxml.wsdl.service.GetTraces;
import vn.edxml.wsdl.service.GetTracesResponse;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.Receipt;

/**
 * The baselines of a benchmark run: the SendDocument operation of the same contract, written the
 * way a developer would write it by hand with plain CXF on Jetty, storing nothing. {@link #signed}
 * applies the WSDL's WS-SecurityPolicy with CXF's stock DOM WS-Security (WSS4J) and a stock WSS4J
 * {@link Merlin} crypto holding the same node key and CA as the node; {@link #plain} is the same
 * service without the WSDL, hence without any security. The service reads the whole package
 * (hashing it, as any real service must look at what it receives) and answers with a receipt naming
 * the message and the package digest.
 */
public final class BaselineServer implements AutoCloseable {

  private final Server server;
  private final Bus bus;
  private final String address;

  private BaselineServer(Server server, Bus bus, String address) {
    this.server = server;
    this.bus = bus;
    this.address = address;
  }

  /** Baseline (a): verifies and signs like the contract says, with stock CXF + WSS4J. */
  public static BaselineServer signed(Credential node, X509Certificate ca, Path spool) {
    Map<String, Object> properties =
        stockReplayCache(
            WsSecurityProperties.signing(
                stockCrypto(node, ca),
                "node",
                KEY_PASSWORD,
                node.certificate().getPublicKey().getAlgorithm(),
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                false));
    return start(true, properties, spool);
  }

  /**
   * The same properties with CXF's default replay cache (EHCache) instead of the project's own: a
   * service written by hand gets that one.
   */
  static Map<String, Object> stockReplayCache(Map<String, Object> properties) {
    Map<String, Object> stock = new HashMap<>(properties);
    stock.remove(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_CACHE_INSTANCE);
    return stock;
  }

  /** Baseline (b): the same service without the WSDL's policy: no security at all. */
  public static BaselineServer plain(Path spool) {
    return start(false, new HashMap<>(), spool);
  }

  static final char[] KEY_PASSWORD = "bench".toCharArray();

  /** A stock WSS4J crypto, as a hand-written service configures it: key store and trust store. */
  static Merlin stockCrypto(Credential credential, X509Certificate ca) {
    try {
      Properties p = new Properties();
      p.setProperty("org.apache.wss4j.crypto.merlin.load.cacerts", "false");
      Merlin merlin = new Merlin(p, BaselineServer.class.getClassLoader(), null);
      merlin.setKeyStore(credential.toKeyStore("node", KEY_PASSWORD));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      merlin.setTrustStore(trust);
      return merlin;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the baseline's WSS4J crypto", e);
    }
  }

  private static BaselineServer start(boolean signed, Map<String, Object> properties, Path spool) {
    Bus bus = BusFactory.newInstance().createBus();
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName(signed ? "bench-baseline-signed" : "bench-baseline-plain");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    CXFNonSpringServlet cxf = new CXFNonSpringServlet();
    cxf.setBus(bus);
    context.addServlet(new ServletHolder("cxf", cxf), "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      bus.shutdown(true);
      throw new IllegalStateException("cannot start a baseline service on 127.0.0.1: " + e, e);
    }
    EndpointImpl endpoint = new EndpointImpl(bus, new Service());
    if (signed) {
      endpoint.setWsdlLocation(ExchangePorts.WSDL);
    }
    endpoint.setServiceName(ExchangePorts.SERVICE);
    endpoint.setEndpointName(ExchangePorts.PORT);
    properties.put("mtom-enabled", Boolean.TRUE);
    properties.put("attachment-directory", spool.toString());
    properties.put("faultStackTraceEnabled", Boolean.FALSE);
    endpoint.setProperties(properties);
    endpoint.publish("/baseline");
    return new BaselineServer(
        server, bus, "http://127.0.0.1:" + connector.getLocalPort() + "/baseline");
  }

  public String address() {
    return address;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping a benchmark's throw-away server: nothing to recover
    }
    bus.shutdown(true);
  }

  /** SendDocument only: reads and hashes the package, answers a receipt, stores nothing. */
  @jakarta.jws.WebService(
      serviceName = "EdxmlExchangeService",
      portName = "EdxmlExchangePort",
      targetNamespace = ExchangePorts.NS,
      endpointInterface = "vn.edxml.wsdl.service.EdxmlExchangePortType")
  @jakarta.xml.ws.BindingType(jakarta.xml.ws.soap.SOAPBinding.SOAP11HTTP_BINDING)
  @jakarta.xml.ws.soap.MTOM(enabled = true, threshold = 1024)
  public static final class Service implements EdxmlExchangePortType {

    @Override
    public Receipt sendDocument(PackageRequest parameters) {
      byte[] sha256 = digest(parameters.getPackage());
      Element ix = interchange(PhaseInterceptorChain.getCurrentMessage());
      Receipt r = new Receipt();
      r.setMessageId(text(ix, "MessageId"));
      r.setMessageType(MessageType.EDOC);
      r.setDocumentId(text(ix, "DocumentId"));
      r.setAcceptedAt(Instant.now());
      r.setNode(BenchPki.NODE_ID);
      Digest d = new Digest();
      d.setAlgorithm("http://www.w3.org/2001/04/xmlenc#sha256");
      d.setValue(sha256);
      r.setPayloadDigest(d);
      return r;
    }

    private static byte[] digest(DataHandler data) {
      try (InputStream in = data.getInputStream()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
        return sha.digest();
      } catch (IOException | NoSuchAlgorithmException e) {
        throw new IllegalStateException("cannot read the package: " + e, e);
      }
    }

    private static Element interchange(Message message) {
      Object list = message == null ? null : message.get(Header.HEADER_LIST);
      if (list instanceof List<?> headers) {
        for (Object h : headers) {
          if (h instanceof Header header
              && ExchangePorts.INTERCHANGE.equals(header.getName())
              && header.getObject() instanceof Element e) {
            return e;
          }
        }
      }
      throw new IllegalStateException("no Interchange header");
    }

    private static String text(Element ix, String local) {
      for (Node n = ix.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && local.equals(e.getLocalName())) {
          return e.getTextContent().trim();
        }
      }
      return null;
    }

    @Override
    public Receipt sendStatus(PackageRequest parameters) throws InterchangeFault_Exception {
      throw unsupported();
    }

    @Override
    public ConfirmReceivedResponse confirmReceived(ConfirmReceived parameters)
        throws InterchangeFault_Exception {
      throw unsupported();
    }

    @Override
    public GetOrganizationsResponse getOrganizations(GetOrganizations parameters)
        throws InterchangeFault_Exception {
      throw unsupported();
    }

    @Override
    public GetPendingDocumentsResponse getPendingDocuments(GetPendingDocuments parameters)
        throws InterchangeFault_Exception {
      throw unsupported();
    }

    @Override
    public GetDocumentResponse getDocument(GetDocument parameters)
        throws InterchangeFault_Exception {
      throw unsupported();
    }

    @Override
    public GetTracesResponse getTraces(GetTraces parameters) throws InterchangeFault_Exception {
      throw unsupported();
    }

    private static InterchangeFault_Exception unsupported() {
      return new InterchangeFault_Exception("the baseline service answers SendDocument only");
    }
  }
}
