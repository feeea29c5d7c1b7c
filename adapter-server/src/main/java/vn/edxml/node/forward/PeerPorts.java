package vn.edxml.node.forward;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.client.internal.ResponseSignerCheck;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.exchange.ExchangeService;
import vn.edxml.node.routing.Peer;
import vn.edxml.node.security.TrustMaterial;
import vn.edxml.schema.envelope.HopTrace;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.GetTraces;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.TraceEvent;

/**
 * This node as a client of its peers: the same contract an organ's software uses, signed with the
 * node's own key, every response required to be signed by the peer's pinned certificate. One port
 * per peer for forwarding (used by that peer's single forwarder worker) and one for trace queries
 * (request threads; the Interchange header is per thread).
 */
public final class PeerPorts implements ExchangeService.RemoteTraces, AutoCloseable {

  private final Bus bus = BusFactory.newInstance().createBus();
  private final Map<String, EdxmlExchangePortType> forward = new HashMap<>();
  private final Map<String, EdxmlExchangePortType> traces = new HashMap<>();
  private final Clock clock;

  public PeerPorts(NodeConfig config, TrustMaterial trust, List<Peer> peers, Clock clock) {
    this.clock = clock;
    Map<String, Object> security =
        WsSecurityProperties.signing(
            trust.crypto(),
            config.keyAlias(),
            config.keyPassword(),
            trust.nodeCertificate().getPublicKey().getAlgorithm(),
            config.timestampTtl(),
            config.timestampFutureTtl(),
            trust.checksRevocation());
    var settings = config.federation().forward();
    Duration connect = min(Duration.ofSeconds(10), settings.timeout());
    for (Peer p : peers) {
      ResponseSignerCheck pinned = new ResponseSignerCheck(Set.of(p.certificate()));
      forward.put(
          p.nodeId(),
          ExchangePorts.create(
              bus, p.endpoint().toString(), security, true, connect, settings.timeout(), pinned));
      traces.put(
          p.nodeId(),
          ExchangePorts.create(
              bus,
              p.endpoint().toString(),
              security,
              false,
              min(connect, settings.tracesTimeout()),
              settings.tracesTimeout(),
              new ResponseSignerCheck(Set.of(p.certificate()))));
    }
  }

  /** Sends a stored package with its (original) envelope; returns the peer's signed receipt. */
  Receipt send(Peer peer, Interchange ix, Path packageFile) throws InterchangeFault_Exception {
    EdxmlExchangePortType port = forward.get(peer.nodeId());
    ExchangePorts.interchange(port, ix);
    FileDataSource source = new FileDataSource(packageFile.toFile());
    source.setFileTypeMap(
        new jakarta.activation.MimetypesFileTypeMap() {
          @Override
          public String getContentType(String name) {
            return "application/octet-stream";
          }
        });
    PackageRequest request = new PackageRequest();
    request.setPackage(new DataHandler(source));
    return ix.getMessageType() == MessageType.STATUS
        ? port.sendStatus(request)
        : port.sendDocument(request);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A peer that does not know the document (or for which the organ is no participant) answers
   * not_found: that part of the timeline is empty.
   */
  @Override
  public List<TraceEvent> fetch(Peer peer, String organ, String documentId, HopTrace chain)
      throws InterchangeFault_Exception {
    EdxmlExchangePortType port = traces.get(peer.nodeId());
    if (port == null) {
      throw new IllegalStateException("node " + peer.nodeId() + " is not a peer");
    }
    Interchange ix = Interchanges.query(organ, clock.instant());
    ix.setHopTrace(chain);
    ExchangePorts.interchange(port, ix);
    GetTraces request = new GetTraces();
    request.setDocumentId(documentId);
    try {
      return port.getTraces(request).getEvent();
    } catch (InterchangeFault_Exception e) {
      if (e.getFaultInfo() != null && "not_found".equals(e.getFaultInfo().getCode())) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    bus.shutdown(true);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
