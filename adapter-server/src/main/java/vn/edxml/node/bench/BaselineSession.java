package vn.edxml.node.bench;

import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Edoc;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.Receipt;

/**
 * One benchmark client of a baseline service, written as a developer would by hand with plain CXF:
 * a JAX-WS proxy of the same contract (with the WSDL and its policy for the signed baseline,
 * without for the plain one), the same package bytes, the same Interchange header with the
 * package's SHA-256, MTOM, the same HTTP settings as the project's client. A unit is one
 * SendDocument whose receipt must name the package's digest.
 */
final class BaselineSession implements LoadRun.Session {

  private final EdxmlExchangePortType port;
  private final String senderCode;
  private final String receiverCode;
  private final Workload workload;
  private final EdxmlWriter writer = EdxmlWriter.builder().indent(false).build();

  private BaselineSession(
      EdxmlExchangePortType port, String senderCode, String receiverCode, Workload workload) {
    this.port = port;
    this.senderCode = senderCode;
    this.receiverCode = receiverCode;
    this.workload = workload;
  }

  /** A client of the signed baseline: the WSDL's policy with these WS-Security properties. */
  static BaselineSession signed(
      Bus bus,
      String address,
      Map<String, Object> security,
      String senderCode,
      String receiverCode,
      Workload workload) {
    EdxmlExchangePortType port =
        ExchangePorts.create(
            bus, address, security, true, Duration.ofSeconds(10), Duration.ofMinutes(5), null);
    return new BaselineSession(port, senderCode, receiverCode, workload);
  }

  /** A client of the plain baseline: the same interface, no WSDL, hence no security. */
  static BaselineSession plain(
      Bus bus, String address, String senderCode, String receiverCode, Workload workload) {
    JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
    factory.setBus(bus);
    factory.setServiceName(ExchangePorts.SERVICE);
    factory.setEndpointName(ExchangePorts.PORT);
    factory.setAddress(address);
    factory.setServiceClass(EdxmlExchangePortType.class);
    EdxmlExchangePortType port = (EdxmlExchangePortType) factory.create();
    BindingProvider bp = (BindingProvider) port;
    ((SOAPBinding) bp.getBinding()).setMTOMEnabled(true);
    bp.getRequestContext().put("thread.local.request.context", "true");
    Client client = ClientProxy.getClient(port);
    // The same HTTP transport as every other client of the run.
    client.getEndpoint().put(ExchangePorts.FORCE_URLCONNECTION, Boolean.TRUE);
    HTTPConduit conduit = (HTTPConduit) client.getConduit();
    HTTPClientPolicy policy = new HTTPClientPolicy();
    policy.setConnectionTimeout(10_000);
    policy.setReceiveTimeout(300_000);
    policy.setAllowChunking(true);
    policy.setChunkingThreshold(64 * 1024);
    conduit.setClient(policy);
    return new BaselineSession(port, senderCode, receiverCode, workload);
  }

  @Override
  public void run(LoadRun.OperationTimer ops) throws Exception {
    Edoc edoc = workload.next(senderCode, receiverCode);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    writer.write(edoc, bytes);
    byte[] pkg = bytes.toByteArray();
    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(pkg);
    Receipt receipt =
        ops.time(
            "SendDocument",
            () -> {
              ExchangePorts.interchange(
                  port,
                  Interchanges.send(
                      UUID.randomUUID().toString(),
                      senderCode,
                      List.of(receiverCode),
                      MessageType.EDOC,
                      edoc.documentId(),
                      sha256,
                      pkg.length,
                      Instant.now()));
              PackageRequest request = new PackageRequest();
              request.setPackage(
                  new DataHandler(
                      new jakarta.mail.util.ByteArrayDataSource(pkg, "application/octet-stream")));
              return port.sendDocument(request);
            });
    if (!Arrays.equals(receipt.getPayloadDigest().getValue(), sha256)) {
      throw new LoadRun.BenchError("digest_mismatch", "the receipt names another digest");
    }
  }
}
