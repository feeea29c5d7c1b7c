package vn.edxml.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.io.PackageSummaryReader;
import vn.edxml.node.config.ConfigException;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.directory.Directory;
import vn.edxml.node.exchange.ExchangeEndpoint;
import vn.edxml.node.exchange.ExchangeService;
import vn.edxml.node.exchange.ExchangeTiming;
import vn.edxml.node.exchange.FaultNormalizer;
import vn.edxml.node.exchange.MtomMirror;
import vn.edxml.node.exchange.PackageCheck;
import vn.edxml.node.exchange.ValidatorCheck;
import vn.edxml.node.exchange.VerifiedRequestInterceptor;
import vn.edxml.node.forward.Forwarder;
import vn.edxml.node.forward.PeerPorts;
import vn.edxml.node.ops.NodeMetrics;
import vn.edxml.node.ops.OpsServlets;
import vn.edxml.node.routing.Router;
import vn.edxml.node.security.SenderBinding;
import vn.edxml.node.security.TrustMaterial;
import vn.edxml.node.store.BackgroundSweep;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.PayloadStore;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.Stores;
import vn.edxml.validation.EdxmlValidator;
import vn.edxml.xml.XmlLimits;

/**
 * A running interchange node: the exchange service on embedded Jetty with its own CXF bus, its
 * store, and its operations endpoints ({@code /health}, {@code /metrics}). Several nodes can run in
 * one JVM. {@link #close()} stops accepting requests, lets in-flight ones finish within the
 * configured grace period, and closes the store.
 */
public final class Node implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final String NS = "urn:vn:edxml:exchange:1";

  private final NodeConfig config;
  private final Server server;
  private final Bus bus;
  private final EndpointImpl endpoint;
  private final MessageStore store;
  private final NodeMetrics metrics;
  private Forwarder forwarder;
  private PeerPorts peerPorts;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final int port;

  private Node(
      NodeConfig config,
      Server server,
      Bus bus,
      EndpointImpl endpoint,
      MessageStore store,
      NodeMetrics metrics,
      int port) {
    this.config = config;
    this.server = server;
    this.bus = bus;
    this.endpoint = endpoint;
    this.store = store;
    this.metrics = metrics;
    this.port = port;
  }

  /**
   * Opens the stores named in the configuration (database, payload folder), loads the directory
   * file if one is configured, and starts the node.
   */
  public static Node start(NodeConfig config, Clock clock) {
    // Before the store: an embedded H2 database lives under data.dir, and its own error would
    // name store.url for what is a data.dir problem.
    prepareFolder(config.dataDir(), false);
    MessageStore store;
    PayloadStore payloads;
    try {
      store =
          Stores.messageStore(config.storeUrl())
              .user(config.storeUser())
              .password(config.storePassword())
              .nodeCode(config.nodeId())
              .maxPoolSize(config.storePoolSize())
              .open();
    } catch (StoreException e) {
      throw new ConfigException(
          "store.url", e.getMessage(), "check the database URL, user and password", e);
    }
    try {
      payloads = Stores.payloadStore(config.dataDir());
      if (config.directoryFile() != null) {
        int n = new Directory(store, config.nodeId()).load(config.directoryFile());
        LOG.info("directory file {} loaded: {} organs", config.directoryFile(), n);
      }
      return start(config, store, payloads, clock);
    } catch (IOException e) {
      store.close();
      throw new ConfigException(
          "data.dir",
          "cannot use " + config.dataDir() + ": " + e.getMessage(),
          "give a writable folder",
          e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Starts a node. The stores are owned by the node from now on and closed with it.
   *
   * @throws ConfigException when the configuration cannot work (key material, port, folders)
   */
  public static Node start(
      NodeConfig config, MessageStore store, PayloadStore payloads, Clock clock) {
    TrustMaterial trust = TrustMaterial.load(config, clock);
    Path incoming = config.dataDir().resolve("incoming");
    Path spool = config.dataDir().resolve("spool");
    prepareFolder(incoming, true);
    prepareFolder(spool, true);
    // Orphan payloads are swept in the background once the node serves (BackgroundSweep), among
    // the files last modified before this instant. An embedded (H2) store is this process's alone:
    // every file before now is settled (2 s spare file systems with coarse modification times). A
    // shared database means other nodes may be publishing payloads right now: spare young files.
    java.time.Instant sweepOlderThan =
        java.time.Instant.now()
            .minus(
                config.storeUrl().startsWith("jdbc:h2:")
                    ? java.time.Duration.ofSeconds(2)
                    : java.time.Duration.ofHours(1));
    long days = trust.nodeCertificateRemaining(clock).toDays();
    if (days < 30) {
      LOG.warn("the node certificate expires in {} days: renew it", days);
    }

    NodeMetrics metrics = new NodeMetrics(store::messageCount, store::stats, clock);
    XmlLimits limits = XmlLimits.DEFAULT.withMaxDocumentBytes(config.maxPackageBytes());
    PackageCheck check =
        new ValidatorCheck(
            EdxmlValidator.builder()
                .strict(config.validationStrict())
                .limits(limits)
                .clock(clock)
                .build());
    Router router = new Router(config.nodeId(), config.federation());
    PeerPorts peerPorts =
        router.peers().isEmpty() ? null : new PeerPorts(config, trust, router.peers(), clock);
    Forwarder forwarder =
        peerPorts == null
            ? null
            : new Forwarder(
                config.nodeId(),
                router,
                store,
                payloads,
                peerPorts,
                clock,
                java.util.random.RandomGenerator.getDefault());
    ExchangeService service =
        new ExchangeService(
            new ExchangeService.Options(
                config.nodeId(),
                incoming,
                config.maxPackageBytes(),
                config.pendingPageSize(),
                config.sendStatusOnConfirm()),
            store,
            payloads,
            check,
            new PackageSummaryReader(limits),
            clock,
            new ExchangeService.Relaying(
                router, forwarder == null ? () -> {} : forwarder::wake, peerPorts));

    Bus bus = BusFactory.newInstance().createBus();
    applyXmlLimits(bus, config);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("edxml-node-" + config.nodeId());
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    server.setStopTimeout(config.shutdownGrace().toMillis());
    server.setStopAtShutdown(false);

    AtomicBoolean stoppingFlag = new AtomicBoolean();
    ServletContextHandler context = new ServletContextHandler("/");
    CXFNonSpringServlet cxf = new CXFNonSpringServlet();
    cxf.setBus(bus);
    context.addServlet(new ServletHolder("cxf", cxf), "/*");
    context.addServlet(
        new ServletHolder("health", OpsServlets.health(store::isHealthy, stoppingFlag::get)),
        "/health");
    context.addServlet(new ServletHolder("metrics", OpsServlets.metrics(metrics)), "/metrics");
    SizeLimitHandler sizeLimit = new SizeLimitHandler(config.maxRequestBytes(), -1);
    sizeLimit.setHandler(context);
    // Jetty listens from server.start(), but the exchange endpoint is published only after it:
    // a request arriving in between (a client or peer retrying while this node restarts) could
    // be answered with an empty 200, which a client cannot parse and takes for an untrusted
    // answer. Until the node is ready every request gets 503 + Retry-After: plainly "try again".
    AtomicBoolean ready = new AtomicBoolean();
    ReadyGate gate = new ReadyGate(ready);
    gate.setHandler(sizeLimit);
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(gate);
    server.setHandler(graceful);
    try {
      server.start();
    } catch (Exception e) {
      if (peerPorts != null) {
        peerPorts.close();
      }
      bus.shutdown(true);
      throw new ConfigException(
          "http.port",
          "cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage() + ")",
          "choose a free port or stop the other program",
          e);
    }
    int port = connector.getLocalPort();

    EndpointImpl endpoint = new EndpointImpl(bus, new ExchangeEndpoint(service, metrics));
    endpoint.setWsdlLocation("classpath:vn/edxml/wsdl/edxml-exchange.wsdl");
    endpoint.setServiceName(new QName(NS, "EdxmlExchangeService"));
    endpoint.setEndpointName(new QName(NS, "EdxmlExchangePort"));
    Map<String, Object> properties =
        new HashMap<>(
            WsSecurityProperties.signing(
                trust.crypto(),
                config.keyAlias(),
                config.keyPassword(),
                trust.nodeCertificate().getPublicKey().getAlgorithm(),
                config.timestampTtl(),
                config.timestampFutureTtl(),
                trust.checksRevocation()));
    properties.put("mtom-enabled", Boolean.TRUE);
    properties.put("attachment-directory", spool.toString());
    properties.put("attachment-memory-threshold", 256L * 1024);
    properties.put("attachment-max-size", config.maxPackageBytes());
    properties.put("attachment-max-count", 4);
    properties.put("bus.io.CachedOutputStream.OutputDirectory", spool.toString());
    properties.put("faultStackTraceEnabled", Boolean.FALSE);
    properties.put("exceptionMessageCauseEnabled", Boolean.FALSE);
    endpoint.setProperties(properties);
    endpoint
        .getInInterceptors()
        .add(new VerifiedRequestInterceptor(new SenderBinding(store, router)));
    endpoint.getOutFaultInterceptors().add(new FaultNormalizer(metrics));
    endpoint.getOutInterceptors().add(new MtomMirror());
    endpoint.getOutFaultInterceptors().add(new MtomMirror());
    new ExchangeTiming(metrics::exchange).install(endpoint);
    try {
      endpoint.publish(config.path());
    } catch (RuntimeException e) {
      stopQuietly(server);
      if (peerPorts != null) {
        peerPorts.close();
      }
      bus.shutdown(true);
      throw e;
    }
    Node node = new Node(config, server, bus, endpoint, store, metrics, port);
    node.stoppingFlagDelegate = stoppingFlag;
    if (forwarder != null) {
      if (config.storeUrl().startsWith("jdbc:h2:")) {
        // An embedded store is this process's alone: claims left by a killed run are stale.
        int released = store.releaseAllClaims();
        if (released > 0) {
          LOG.info("released {} forwards claimed before the last stop", released);
        }
      }
      node.forwarder = forwarder;
      node.peerPorts = peerPorts;
      forwarder.start();
      LOG.info(
          "forwarding to {} peer node(s): {}",
          router.peers().size(),
          router.peers().stream().map(p -> p.nodeId() + "=" + p.endpoint()).toList());
    }
    ready.set(true);
    node.sweep =
        BackgroundSweep.start(store, payloads, sweepOlderThan, "edxml-sweep-" + config.nodeId());
    LOG.info(
        "edXML node {} version {} listening on {}",
        config.nodeId(),
        Version.get(),
        config.address(port));
    return node;
  }

  private AtomicBoolean stoppingFlagDelegate;
  private BackgroundSweep sweep;

  /** Answers 503 (Retry-After: 1) to every request until the node is ready to serve. */
  private static final class ReadyGate extends org.eclipse.jetty.server.Handler.Wrapper {
    private final AtomicBoolean ready;

    ReadyGate(AtomicBoolean ready) {
      this.ready = ready;
    }

    @Override
    public boolean handle(
        org.eclipse.jetty.server.Request request,
        org.eclipse.jetty.server.Response response,
        org.eclipse.jetty.util.Callback callback)
        throws Exception {
      if (!ready.get()) {
        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.RETRY_AFTER, "1");
        org.eclipse.jetty.server.Response.writeError(
            request,
            response,
            callback,
            org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503,
            "the node is starting");
        return true;
      }
      return super.handle(request, response, callback);
    }
  }

  /** The exchange service URL. */
  public String address() {
    return config.address(port);
  }

  /** The base URL for /health and /metrics. */
  public String baseUrl() {
    String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + h + ":" + port;
  }

  public int port() {
    return port;
  }

  public NodeConfig config() {
    return config;
  }

  public MessageStore store() {
    return store;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** The start-up sweep of orphan payloads (running in the background, or done). */
  public BackgroundSweep payloadSweep() {
    return sweep;
  }

  /** The forwarder, or null when no peer is configured. */
  public Forwarder forwarder() {
    return forwarder;
  }

  /** Stops gracefully: new requests get 503, in-flight ones finish within the grace period. */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    if (stoppingFlagDelegate != null) {
      stoppingFlagDelegate.set(true);
    }
    LOG.info("edXML node {} stopping", config.nodeId());
    stopQuietly(server);
    if (forwarder != null) {
      forwarder.close();
    }
    if (peerPorts != null) {
      peerPorts.close();
    }
    endpoint.stop();
    bus.shutdown(true);
    if (sweep != null) {
      sweep.close();
    }
    store.close();
    LOG.info("edXML node {} stopped", config.nodeId());
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly: {}", e.toString());
    }
  }

  private static void prepareFolder(Path folder, boolean empty) {
    try {
      Files.createDirectories(folder);
      if (empty) {
        try (var files = Files.list(folder)) {
          for (Path p : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(p)) {
              Files.delete(p);
            }
          }
        }
      }
      if (!Files.isWritable(folder)) {
        throw new IOException("not writable");
      }
    } catch (IOException e) {
      throw new ConfigException(
          "data.dir",
          "cannot use " + folder + " (" + e.getMessage() + ")",
          "give a writable folder",
          e);
    }
  }

  /** StAX limits set explicitly (CXF leaves element count and total characters unlimited). */
  private static void applyXmlLimits(Bus bus, NodeConfig config) {
    bus.setProperty("org.apache.cxf.stax.maxElementDepth", 32);
    bus.setProperty("org.apache.cxf.stax.maxAttributeCount", 64);
    bus.setProperty("org.apache.cxf.stax.maxAttributeSize", 16 * 1024);
    bus.setProperty("org.apache.cxf.stax.maxChildElements", 2_000);
    bus.setProperty("org.apache.cxf.stax.maxElementCount", 20_000L);
    long inlineBase64 = config.maxPackageBytes() / 3 * 4 + 4;
    bus.setProperty(
        "org.apache.cxf.stax.maxTextLength", (int) Math.min(Integer.MAX_VALUE, inlineBase64));
    bus.setProperty("org.apache.cxf.stax.maxXMLCharacters", config.maxRequestBytes());
  }
}
