package vn.edxml.node.exchange;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.client.ErrorCode;
import vn.edxml.io.PackageSummary;
import vn.edxml.io.PackageSummaryReader;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.node.routing.Peer;
import vn.edxml.node.routing.Router;
import vn.edxml.node.security.Caller;
import vn.edxml.node.store.DeliveryState;
import vn.edxml.node.store.DocumentRecord;
import vn.edxml.node.store.MessageRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.NewMessage;
import vn.edxml.node.store.OrganRecord;
import vn.edxml.node.store.PayloadStore;
import vn.edxml.node.store.PendingRecord;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.StoreOutcome;
import vn.edxml.node.store.TraceRecord;
import vn.edxml.schema.envelope.Digest;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.HopTrace;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.schema.envelope.Payload;
import vn.edxml.wsdl.service.ConfirmReceived;
import vn.edxml.wsdl.service.ConfirmReceivedResponse;
import vn.edxml.wsdl.service.DirectoryEntry;
import vn.edxml.wsdl.service.GetDocument;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.GetOrganizations;
import vn.edxml.wsdl.service.GetOrganizationsResponse;
import vn.edxml.wsdl.service.GetPendingDocuments;
import vn.edxml.wsdl.service.GetPendingDocumentsResponse;
import vn.edxml.wsdl.service.GetTraces;
import vn.edxml.wsdl.service.GetTracesResponse;
import vn.edxml.wsdl.service.PendingMessage;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.RecipientOutcome;
import vn.edxml.wsdl.service.RoutingOutcome;
import vn.edxml.wsdl.service.TraceEvent;
import vn.edxml.wsdl.service.TransportState;

/**
 * The exchange operations, free of CXF: each takes the verified request and returns the response
 * element, or throws {@link NodeFault}. Inbound packages go through small stages: stage bytes and
 * check the signed digest, check conformance, inspect, check against the envelope, route, store
 * (payload file first, then one database transaction), answer.
 */
public final class ExchangeService {

  static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeService.class);

  /**
   * The service's settings.
   *
   * @param nodeId this node's code, recorded on traces and hops
   * @param incoming private folder for staging uploads
   * @param maxPackageBytes largest package accepted
   * @param pageSize default and maximum page of GetPendingDocuments
   * @param statusOnConfirm on the first ConfirmReceived of a document, send status 01 to its issuer
   *     on the receiver's behalf
   */
  public record Options(
      String nodeId, Path incoming, long maxPackageBytes, int pageSize, boolean statusOnConfirm) {}

  private final String nodeId;
  private final MessageStore store;
  private final PayloadStore payloads;
  private final PackageCheck check;
  private final PackageSummaryReader inspector;
  private final Options options;
  private final Path incoming;
  private final long maxPackageBytes;
  private final int pageSize;
  private final Clock clock;
  private final Router router;
  private final Runnable queued;
  private final RemoteTraces remoteTraces;
  private final InterchangeXml interchangeXml = new InterchangeXml();

  /**
   * A peer's part of a document's timeline, asked with a signed node-to-node GetTraces on behalf of
   * an organ. {@code chain} lists the nodes that already handled this query, this one last: the
   * peer records it and never asks a node in it again (no loops, at most 32 nodes deep).
   */
  @FunctionalInterface
  public interface RemoteTraces {
    List<TraceEvent> fetch(Peer peer, String organ, String documentId, HopTrace chain)
        throws Exception;
  }

  /**
   * How this node reaches other nodes.
   *
   * @param router routing table and peers
   * @param queued called after a message was queued for a next node (wakes the forwarder)
   * @param remoteTraces reads peers' parts of a timeline, or null not to ask peers
   */
  public record Relaying(Router router, Runnable queued, RemoteTraces remoteTraces) {}

  /** A node serving only its own organs. */
  public ExchangeService(
      Options options,
      MessageStore store,
      PayloadStore payloads,
      PackageCheck check,
      PackageSummaryReader inspector,
      Clock clock) {
    this(
        options,
        store,
        payloads,
        check,
        inspector,
        clock,
        new Relaying(Router.none(options.nodeId()), () -> {}, null));
  }

  public ExchangeService(
      Options options,
      MessageStore store,
      PayloadStore payloads,
      PackageCheck check,
      PackageSummaryReader inspector,
      Clock clock,
      Relaying relaying) {
    this.router = relaying.router();
    this.queued = relaying.queued();
    this.remoteTraces = relaying.remoteTraces();
    this.options = options;
    this.nodeId = options.nodeId();
    this.store = store;
    this.payloads = payloads;
    this.check = check;
    this.inspector = inspector;
    this.incoming = options.incoming();
    this.maxPackageBytes = options.maxPackageBytes();
    this.pageSize = options.pageSize();
    this.clock = clock;
  }

  // ------------------------------------------------------------------ send

  public Receipt sendDocument(VerifiedRequest request, DataHandler packageBytes) {
    return send(request, packageBytes, MessageType.EDOC);
  }

  public Receipt sendStatus(VerifiedRequest request, DataHandler packageBytes) {
    return send(request, packageBytes, MessageType.STATUS);
  }

  private Receipt send(VerifiedRequest request, DataHandler packageBytes, MessageType expected) {
    Interchange ix = request.interchange();
    Caller caller = request.caller();
    requireSendEnvelope(ix, expected);
    List<Hop> chain = earlierHops(ix, caller);
    Optional<MessageRecord> earlier = store.messageFromSender(caller.organ(), ix.getMessageId());
    try (PayloadStore.Staged staged = stage(packageBytes)) {
      checkDigest(ix, staged);
      if (earlier.isPresent()) {
        return duplicateOrConflict(earlier.get(), staged.sha256());
      }
      try (InputStream in = staged.open()) {
        check.check(in, staged.size());
      }
      PackageSummary facts;
      try (InputStream in = staged.open()) {
        facts = inspector.read(in);
      } catch (PackageSummaryReader.UnreadablePackageException e) {
        throw NodeFault.withPublicDetail(ErrorCode.PACKAGE_UNREADABLE, e.getMessage());
      }
      checkAgainstEnvelope(ix, facts, caller, expected);
      Routed routed =
          facts.isStatus()
              ? routeStatus(caller, facts, ix, chain)
              : routeDocument(caller, facts, ix, chain);
      Instant now = clock.instant();
      // Staged in the payload store itself: publishing is an fsync and a rename, not a copy.
      PayloadStore.StoredPayload stored = staged.publish();
      NewMessage message = newMessage(ix, caller, facts, routed, stored, now, chain);
      Receipt receipt = answer(store.store(message), facts, caller, ix, stored.sha256());
      wakeForwarder(routed);
      return receipt;
    } catch (IOException e) {
      throw NodeFault.of(ErrorCode.INTERNAL_ERROR, "payload I/O failed: " + e.getMessage(), e);
    } catch (StoreException e) {
      throw storeFault(e);
    }
  }

  private PayloadStore.Staged stage(DataHandler packageBytes) throws IOException {
    if (packageBytes == null) {
      throw NodeFault.of(ErrorCode.REQUEST_INVALID, "no Package element");
    }
    try (InputStream in = packageBytes.getInputStream()) {
      return payloads.stage(in, maxPackageBytes);
    } catch (PayloadStore.PayloadTooLargeException e) {
      throw NodeFault.of(
          ErrorCode.PAYLOAD_TOO_LARGE, "package exceeds " + maxPackageBytes + " bytes", e);
    }
  }

  /**
   * The hops before this node: for a relayed message the HopTrace the peer signed, which must end
   * with the relaying peer's own hop and must not hold this node (a routing loop) or be full; for a
   * message from an organ none (an organ's software is not a node and records no hops).
   */
  private List<Hop> earlierHops(Interchange ix, Caller caller) {
    if (!caller.relayed()) {
      return List.of();
    }
    List<Hop> hops = ix.getHopTrace() == null ? List.of() : List.copyOf(ix.getHopTrace().getHop());
    if (hops.isEmpty() || !caller.relayedBy().equals(hops.get(hops.size() - 1).getNode())) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_INVALID,
          "A relayed message's HopTrace must end with the relaying node's hop.");
    }
    for (Hop h : hops) {
      if (nodeId.equals(h.getNode())) {
        throw NodeFault.withPublicDetail(
            ErrorCode.ENVELOPE_INVALID,
            "Routing loop: node " + nodeId + " already handled this message.");
      }
    }
    if (hops.size() >= MAX_HOPS) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_INVALID, "The message has already crossed " + MAX_HOPS + " nodes.");
    }
    return hops;
  }

  static final int MAX_HOPS = 32;

  private static void requireSendEnvelope(Interchange ix, MessageType expected) {
    if (ix.getMessageType() != expected) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_INVALID, "Interchange/MessageType must be " + expected.value() + ".");
    }
    if (ix.getTo().isEmpty() && expected == MessageType.EDOC) {
      throw NodeFault.withPublicDetail(ErrorCode.ENVELOPE_INVALID, "Interchange/To is required.");
    }
    Payload payload = ix.getPayload();
    if (payload == null
        || payload.getDigest() == null
        || !SHA256_URI.equals(payload.getDigest().getAlgorithm())) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_INVALID,
          "Interchange/Payload with a SHA-256 digest of the package is required.");
    }
  }

  private static void checkDigest(Interchange ix, PayloadStore.Staged staged) {
    Payload payload = ix.getPayload();
    if (payload.getSize() != staged.size()
        || !Arrays.equals(
            payload.getDigest().getValue(), HexFormat.of().parseHex(staged.sha256()))) {
      throw NodeFault.of(
          ErrorCode.PAYLOAD_DIGEST_MISMATCH,
          "signed size/digest " + payload.getSize() + " does not match received " + staged.size());
    }
  }

  private Receipt duplicateOrConflict(MessageRecord original, String sha256) {
    if (!original.payloadSha256().equals(sha256)) {
      throw NodeFault.of(
          ErrorCode.MESSAGE_ID_CONFLICT,
          "message id " + original.messageId() + " was used for another package");
    }
    return receipt(original, true);
  }

  private static void checkAgainstEnvelope(
      Interchange ix, PackageSummary facts, Caller caller, MessageType expected) {
    if (!expected.value().equals(facts.type())) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_MISMATCH,
          "The package is a "
              + facts.type()
              + " package, the operation expects "
              + expected.value()
              + ".");
    }
    if (!caller.organ().equals(facts.from())) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_MISMATCH,
          "MessageHeader/From/OrganId is "
              + facts.from()
              + ", the signed sender is "
              + caller.organ()
              + ".");
    }
    if (ix.getDocumentId() != null && !ix.getDocumentId().equals(facts.documentId())) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_MISMATCH, "Interchange/DocumentId differs from the package's.");
    }
    if (!facts.isStatus()) {
      Set<String> packageTo = new LinkedHashSet<>(facts.to());
      if (packageTo.size() != facts.to().size()) {
        throw NodeFault.withPublicDetail(
            ErrorCode.SCHEMA_INVALID, "A recipient is listed twice in MessageHeader/To.");
      }
      if (caller.relayed()) {
        // A node forwards only the recipients it routes to the next node.
        Set<String> to = new LinkedHashSet<>(ix.getTo());
        if (to.size() != ix.getTo().size() || !packageTo.containsAll(to)) {
          throw NodeFault.withPublicDetail(
              ErrorCode.ENVELOPE_MISMATCH,
              "Interchange/To of a relayed message must list some of the package's To organs,"
                  + " each once.");
        }
      } else if (!packageTo.equals(new LinkedHashSet<>(ix.getTo()))) {
        throw NodeFault.withPublicDetail(
            ErrorCode.ENVELOPE_MISMATCH,
            "Interchange/To must list exactly the package's To organs.");
      }
    }
  }

  // ------------------------------------------------------------------ routing

  /**
   * Recipients with their initial transport state, why a recipient is unroutable, and the
   * status-once flag.
   */
  private record Routed(
      List<NewMessage.Delivery> deliveries, Map<String, String> unroutable, boolean statusOnce) {

    Routed with(boolean once) {
      return new Routed(deliveries, unroutable, once);
    }
  }

  private Routed routeDocument(
      Caller caller, PackageSummary facts, Interchange ix, List<Hop> chain) {
    if (facts.businessType() != null && facts.businessType() == 0) {
      Optional<DocumentRecord> existing = store.document(facts.documentId());
      if (existing.isPresent() && existing.get().issuer() != null) {
        throw NodeFault.withPublicDetail(
            ErrorCode.DUPLICATE_DOCUMENT, "DocumentId " + facts.documentId() + ".");
      }
    }
    return route(caller.relayed() ? ix.getTo() : facts.to(), chain).with(false);
  }

  private Routed routeStatus(Caller caller, PackageSummary facts, Interchange ix, List<Hop> chain) {
    DocumentRecord document =
        store
            .document(facts.documentId())
            .filter(d -> d.issuer() != null)
            .orElseThrow(
                () ->
                    NodeFault.withPublicDetail(
                        ErrorCode.STATUS_UNKNOWN_DOCUMENT,
                        "DocumentId " + facts.documentId() + "."));
    String code = facts.statusCode();
    List<String> recipients;
    switch (code == null ? "" : code) {
      case "13" -> {
        if (!caller.organ().equals(document.issuer())) {
          throw NodeFault.of(
              ErrorCode.STATUS_RECALL_NOT_ISSUER,
              caller.organ() + " recalls a document issued by " + document.issuer());
        }
        recipients = new ArrayList<>(document.recipients());
      }
      case "15", "16" -> {
        requireRecipient(caller, document);
        if (!store.statusRecorded(document.documentId(), document.issuer(), "13")) {
          throw NodeFault.of(
              ErrorCode.STATUS_WITHOUT_RECALL, "no status 13 for " + document.documentId());
        }
        recipients = List.of(document.issuer());
      }
      case "02" -> {
        requireRecipient(caller, document);
        if (facts.subject() == null || facts.subject().isBlank()) {
          throw NodeFault.of(ErrorCode.STATUS_REASON_MISSING, "status 02 without Description");
        }
        recipients = List.of(document.issuer());
      }
      case "01", "03", "04", "05", "06" -> {
        requireRecipient(caller, document);
        recipients = List.of(document.issuer());
      }
      default ->
          throw NodeFault.withPublicDetail(
              ErrorCode.SCHEMA_INVALID, "StatusCode " + code + " is not a known status code.");
    }
    if (caller.relayed()) {
      // A node forwards only the recipients it routes to the next node.
      Set<String> to = new LinkedHashSet<>(ix.getTo());
      if (to.isEmpty() || to.size() != ix.getTo().size() || !recipients.containsAll(to)) {
        throw NodeFault.withPublicDetail(
            ErrorCode.ENVELOPE_MISMATCH,
            "Interchange/To of this relayed status must list some of "
                + String.join(", ", recipients)
                + ".");
      }
      recipients = new ArrayList<>(to);
    } else if (!ix.getTo().isEmpty()
        && !new LinkedHashSet<>(ix.getTo()).equals(new LinkedHashSet<>(recipients))) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_MISMATCH,
          "Interchange/To of this status must be " + String.join(", ", recipients) + ".");
    }
    return route(recipients, chain).with(!"05".equals(code));
  }

  private static void requireRecipient(Caller caller, DocumentRecord document) {
    if (!document.recipients().contains(caller.organ())) {
      throw NodeFault.of(
          ErrorCode.STATUS_NOT_PARTICIPANT,
          caller.organ() + " is not a recipient of " + document.documentId());
    }
  }

  /**
   * Routes each recipient: an organ whose mailbox is on this node is delivered; otherwise the
   * routing table names the next node (queued), unless that node already handled the message (a
   * loop); otherwise unroutable. Nothing else is inferred from a code. At least one recipient must
   * be routable.
   */
  private Routed route(List<String> recipients, List<Hop> chain) {
    Set<String> handled = new LinkedHashSet<>();
    for (Hop h : chain) {
      handled.add(h.getNode());
    }
    List<NewMessage.Delivery> deliveries = new ArrayList<>();
    Map<String, String> unroutable = new HashMap<>();
    boolean any = false;
    for (String recipient : recipients) {
      Optional<OrganRecord> organ = store.organ(recipient);
      if (organ.isPresent() && organ.get().local()) {
        deliveries.add(new NewMessage.Delivery(recipient, DeliveryState.DELIVERED, null));
        any = true;
        continue;
      }
      Optional<Peer> next = router.nextHop(recipient);
      if (next.isPresent() && !handled.contains(next.get().nodeId())) {
        deliveries.add(
            new NewMessage.Delivery(recipient, DeliveryState.QUEUED, next.get().nodeId()));
        any = true;
      } else {
        deliveries.add(new NewMessage.Delivery(recipient, DeliveryState.UNROUTABLE, null));
        unroutable.put(
            recipient,
            next.isPresent()
                ? "No route to this organ from node "
                    + nodeId
                    + ": the route leads back to node "
                    + next.get().nodeId()
                    + ", which already handled the message."
                : "No route to this organ from node " + nodeId + ".");
      }
    }
    if (!any) {
      throw NodeFault.withPublicDetail(
          ErrorCode.UNKNOWN_RECIPIENT, "No route to " + String.join(", ", recipients) + ".");
    }
    return new Routed(deliveries, unroutable, false);
  }

  private void wakeForwarder(Routed routed) {
    if (routed.deliveries().stream().anyMatch(d -> d.state() == DeliveryState.QUEUED)) {
      queued.run();
    }
  }

  private NewMessage newMessage(
      Interchange ix,
      Caller caller,
      PackageSummary facts,
      Routed routed,
      PayloadStore.StoredPayload stored,
      Instant now,
      List<Hop> chain) {
    Interchange kept = withHop(ix, now, chain);
    List<TraceRecord> traces = new ArrayList<>();
    for (NewMessage.Delivery d : routed.deliveries()) {
      if (facts.isStatus()) {
        String about = "13".equals(facts.statusCode()) ? d.recipient() : caller.organ();
        traces.add(
            new TraceRecord(
                facts.documentId(),
                about,
                now,
                TraceRecord.Kind.STATUS,
                facts.statusCode(),
                caller.organ(),
                nodeId,
                ix.getMessageId(),
                facts.subject()));
      } else {
        traces.add(
            trace(
                facts.documentId(),
                d.recipient(),
                now,
                "accepted",
                caller.organ(),
                ix,
                caller.relayed() ? "relayed by node " + caller.relayedBy() : null));
        traces.add(
            trace(
                facts.documentId(),
                d.recipient(),
                now,
                d.state().wireName(),
                caller.organ(),
                ix,
                switch (d.state()) {
                  case UNROUTABLE -> routed.unroutable().get(d.recipient());
                  case QUEUED -> "next node " + d.nextNode();
                  default -> null;
                }));
      }
    }
    return new NewMessage(
        caller.organ(),
        ix.getMessageId(),
        facts.type(),
        facts.documentId(),
        facts.businessType(),
        facts.statusCode(),
        truncate(facts.subject(), 2000),
        stored.sha256(),
        stored.size(),
        interchangeXml.write(kept),
        now,
        routed.deliveries(),
        traces,
        routed.statusOnce());
  }

  private TraceRecord trace(
      String documentId,
      String recipient,
      Instant at,
      String value,
      String actor,
      Interchange ix,
      String detail) {
    return new TraceRecord(
        documentId,
        recipient,
        at,
        TraceRecord.Kind.TRANSPORT,
        value,
        actor,
        nodeId,
        ix.getMessageId(),
        detail);
  }

  /** The envelope as kept: the hops before this node (none from an organ) and this node's hop. */
  private Interchange withHop(Interchange ix, Instant now, List<Hop> chain) {
    Interchange copy = interchangeXml.copy(ix);
    HopTrace trace = new HopTrace();
    for (Hop h : chain) {
      Hop c = new Hop();
      c.setNode(h.getNode());
      c.setReceivedAt(h.getReceivedAt());
      c.setForwardedAt(h.getForwardedAt());
      trace.getHop().add(c);
    }
    copy.setHopTrace(trace);
    Hop hop = new Hop();
    hop.setNode(nodeId);
    hop.setReceivedAt(now);
    copy.getHopTrace().getHop().add(hop);
    return copy;
  }

  private Receipt answer(
      StoreOutcome outcome, PackageSummary facts, Caller caller, Interchange ix, String sha256) {
    if (outcome instanceof StoreOutcome.Stored stored) {
      LOG.info(
          "accepted type={} from={} messageId={} documentId={} bytes={}",
          facts.type(),
          caller.organ(),
          ix.getMessageId(),
          facts.documentId(),
          stored.message().payloadSize());
      return receipt(stored.message(), false);
    }
    if (outcome instanceof StoreOutcome.Duplicate duplicate) {
      return duplicateOrConflict(duplicate.original(), sha256);
    }
    if (outcome instanceof StoreOutcome.MessageIdConflict conflict) {
      throw NodeFault.of(
          ErrorCode.MESSAGE_ID_CONFLICT,
          "message id " + conflict.original().messageId() + " reused");
    }
    if (outcome instanceof StoreOutcome.DocumentExists exists) {
      throw NodeFault.withPublicDetail(
          ErrorCode.DUPLICATE_DOCUMENT, "DocumentId " + exists.documentId() + ".");
    }
    if (outcome instanceof StoreOutcome.StatusExists exists) {
      throw NodeFault.withPublicDetail(
          ErrorCode.STATUS_DUPLICATE,
          "Status " + exists.statusCode() + " for " + exists.documentId() + ".");
    }
    throw new IllegalStateException("unknown store outcome " + outcome);
  }

  private Receipt receipt(MessageRecord m, boolean duplicate) {
    Receipt r = new Receipt();
    r.setMessageId(m.messageId());
    r.setMessageType(MessageType.fromValue(m.messageType()));
    r.setDocumentId(m.documentId());
    r.setAcceptedAt(m.receivedAt());
    r.setNode(nodeId);
    Digest digest = new Digest();
    digest.setAlgorithm(SHA256_URI);
    digest.setValue(HexFormat.of().parseHex(m.payloadSha256()));
    r.setPayloadDigest(digest);
    r.setDuplicate(duplicate);
    for (MessageRecord.DeliveryRecord d : m.deliveries()) {
      RecipientOutcome o = new RecipientOutcome();
      o.setOrganId(d.recipient());
      o.setOutcome(
          switch (d.state()) {
            case DELIVERED, CONFIRMED -> RoutingOutcome.DELIVERED;
            case QUEUED, FORWARDED -> RoutingOutcome.QUEUED;
            case UNROUTABLE, DEAD_LETTER -> RoutingOutcome.UNROUTABLE;
          });
      o.setNextNode(d.nextNode());
      if (d.state() == DeliveryState.UNROUTABLE) {
        o.setDetail("No route to this organ from node " + nodeId + ".");
      } else if (d.state() == DeliveryState.DEAD_LETTER) {
        o.setDetail(
            "Dead letter: forwarding to node "
                + d.nextNode()
                + " gave up; GetTraces tells why. An operator can replay it.");
      }
      r.getRecipient().add(o);
    }
    return r;
  }

  // ------------------------------------------------------------------ mailbox

  public GetPendingDocumentsResponse pending(VerifiedRequest request, GetPendingDocuments p) {
    requireDirect(request);
    requireOwnOrgan(request, p.getOrganId());
    int max = p.getMax() == null ? pageSize : Math.min(p.getMax(), pageSize);
    String type = p.getMessageType() == null ? null : p.getMessageType().value();
    List<PendingRecord> rows = call(() -> store.pending(request.caller().organ(), type, max));
    GetPendingDocumentsResponse response = new GetPendingDocumentsResponse();
    for (PendingRecord row : rows.subList(0, Math.min(rows.size(), max))) {
      PendingMessage m = new PendingMessage();
      m.setMessageId(row.messageId());
      m.setMessageType(MessageType.fromValue(row.messageType()));
      m.setDocumentId(row.documentId());
      m.setFrom(row.sender());
      m.setReceivedAt(row.receivedAt());
      m.setSize(row.size());
      m.setSubject(row.subject());
      m.setStatusCode(row.statusCode());
      response.getPending().add(m);
    }
    response.setMore(rows.size() > max);
    return response;
  }

  public GetDocumentResponse document(VerifiedRequest request, GetDocument p) {
    requireDirect(request);
    requireOwnOrgan(request, p.getOrganId());
    MessageRecord m =
        call(() -> store.messageForRecipient(request.caller().organ(), p.getMessageId()))
            .orElseThrow(() -> NodeFault.of(ErrorCode.NOT_FOUND, "message " + p.getMessageId()));
    GetDocumentResponse response = new GetDocumentResponse();
    response.setInterchange(interchangeXml.read(m.interchangeXml()));
    Path file = payloads.path(m.payloadSha256());
    FileDataSource source = new FileDataSource(file.toFile());
    source.setFileTypeMap(
        new jakarta.activation.MimetypesFileTypeMap() {
          @Override
          public String getContentType(String name) {
            return "application/octet-stream";
          }
        });
    response.setPackage(new DataHandler(source));
    return response;
  }

  public ConfirmReceivedResponse confirm(VerifiedRequest request, ConfirmReceived p) {
    requireDirect(request);
    requireOwnOrgan(request, p.getOrganId());
    var confirmation =
        call(() -> store.confirm(request.caller().organ(), p.getMessageId(), clock.instant()))
            .orElseThrow(() -> NodeFault.of(ErrorCode.NOT_FOUND, "message " + p.getMessageId()));
    ConfirmReceivedResponse response = new ConfirmReceivedResponse();
    response.setMessageId(p.getMessageId());
    response.setConfirmedAt(confirmation.confirmedAt());
    response.setAlreadyConfirmed(confirmation.alreadyConfirmed());
    MessageRecord m = confirmation.message();
    if (options.statusOnConfirm() && "edoc".equals(m.messageType())) {
      // Idempotent: a retried confirmation finds the status already recorded.
      receivedStatus(request.caller().organ(), m).ifPresent(response::setStatusSent);
    }
    return response;
  }

  /**
   * Sends status 01 ("đã đến") to the document's issuer on behalf of the confirming receiver:
   * builds the status package, stores it as a message from the receiver, and records it once.
   * Returns its message id, or empty when the receiver had already sent 01.
   */
  private Optional<String> receivedStatus(String receiver, MessageRecord document) {
    String messageId = "status-01-" + document.messageId();
    Optional<MessageRecord> earlier = call(() -> store.messageFromSender(receiver, messageId));
    if (earlier.isPresent()) {
      return Optional.of(messageId);
    }
    if (call(() -> store.statusRecorded(document.documentId(), receiver, "01"))) {
      return Optional.empty();
    }
    try {
      vn.edxml.model.Edoc edoc;
      try (InputStream in = payloads.open(document.payloadSha256())) {
        edoc =
            (vn.edxml.model.Edoc)
                vn.edxml.io.EdxmlReader.builder().attachmentFolder(incoming).build().read(in);
      }
      deleteAttachments(edoc);
      String name = store.organ(receiver).map(OrganRecord::name).orElse(receiver);
      vn.edxml.model.Status status =
          vn.edxml.model.Status.builder()
              .clock(clock)
              .from(vn.edxml.model.Organ.of(receiver, name))
              .responseFor(edoc)
              .code(vn.edxml.model.StatusCode.RECEIVED)
              .description(
                  "Đã đến - gửi tự động bởi nút " + nodeId + " khi cơ quan nhận xác nhận đã nhận")
              .build();
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      vn.edxml.io.EdxmlWriter.create().write(status, bytes);
      byte[] pkg = bytes.toByteArray();
      PayloadStore.StoredPayload stored;
      try (InputStream in = new java.io.ByteArrayInputStream(pkg)) {
        stored = payloads.write(in, maxPackageBytes);
      }
      Instant now = clock.instant();
      Interchange ix =
          vn.edxml.client.internal.Interchanges.send(
              messageId,
              receiver,
              List.of(document.sender()),
              MessageType.STATUS,
              document.documentId(),
              HexFormat.of().parseHex(stored.sha256()),
              stored.size(),
              now);
      PackageSummary facts =
          new PackageSummary(
              "status",
              receiver,
              List.of(),
              document.documentId(),
              null,
              status.description().orElse(null),
              "01",
              document.sender());
      Routed routed = route(List.of(document.sender()), List.of()).with(true);
      Caller node = new Caller(receiver, null, null);
      StoreOutcome outcome =
          store.store(newMessage(ix, node, facts, routed, stored, now, List.of()));
      if (outcome instanceof StoreOutcome.Stored) {
        wakeForwarder(routed);
      }
      if (outcome instanceof StoreOutcome.Stored || outcome instanceof StoreOutcome.Duplicate) {
        return Optional.of(messageId);
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // The confirmation itself is committed; the automatic status is best effort and logged.
      LOG.warn(
          "automatic status 01 for {} on behalf of {} failed: {}",
          document.messageId(),
          receiver,
          e.toString());
      return Optional.empty();
    }
  }

  private static void deleteAttachments(vn.edxml.model.Edoc edoc) {
    for (vn.edxml.model.Attachment a : edoc.attachments()) {
      a.file()
          .ifPresent(
              f -> {
                try {
                  java.nio.file.Files.deleteIfExists(f);
                  java.nio.file.Files.deleteIfExists(f.getParent());
                } catch (IOException e) {
                  LOG.debug("cannot delete {}", f);
                }
              });
    }
  }

  // ------------------------------------------------------------------ traces, directory

  /**
   * A document's timeline for a participant: this node's events, joined with the parts of the nodes
   * this node queued any of the document's messages for, asked on the caller's behalf (signed
   * node-to-node GetTraces; each of them asks its own next nodes the same way). A node already in
   * the query's chain is never asked again; a peer that does not answer within {@code
   * forward.traces-timeout} shows as a "failed" event naming it. A status recorded by several nodes
   * on its way is shown once, as first recorded.
   */
  public GetTracesResponse traces(VerifiedRequest request, GetTraces p) {
    DocumentRecord document =
        call(() -> store.document(p.getDocumentId()))
            .filter(d -> d.participants().contains(request.caller().organ()))
            .orElseThrow(() -> NodeFault.of(ErrorCode.NOT_FOUND, "document " + p.getDocumentId()));
    GetTracesResponse response = new GetTracesResponse();
    response.setDocumentId(document.documentId());
    List<TraceEvent> events = new ArrayList<>();
    for (TraceRecord t : call(() -> store.traces(document.documentId()))) {
      TraceEvent e = new TraceEvent();
      e.setAt(t.at());
      e.setRecipient(t.recipient());
      if (t.kind() == TraceRecord.Kind.STATUS) {
        e.setStatus(t.value());
      } else {
        e.setTransport(TransportState.fromValue(t.value()));
      }
      e.setActor(t.actor());
      e.setNode(t.node());
      e.setMessageId(t.messageId());
      e.setDetail(t.detail());
      events.add(e);
    }
    if (remoteTraces != null) {
      events.addAll(remoteEvents(request, document.documentId()));
    }
    response.getEvent().addAll(merge(events));
    return response;
  }

  private List<TraceEvent> remoteEvents(VerifiedRequest request, String documentId) {
    Interchange ix = request.interchange();
    HopTrace chain = new HopTrace();
    Set<String> asked = new LinkedHashSet<>();
    if (request.caller().relayed() && ix.getHopTrace() != null) {
      for (Hop h : ix.getHopTrace().getHop()) {
        if (chain.getHop().size() < MAX_HOPS - 1) {
          chain.getHop().add(h);
        }
        asked.add(h.getNode());
      }
    }
    asked.add(nodeId);
    if (chain.getHop().size() >= MAX_HOPS - 1) {
      return List.of();
    }
    Hop own = new Hop();
    own.setNode(nodeId);
    own.setReceivedAt(clock.instant());
    chain.getHop().add(own);
    List<TraceEvent> events = new ArrayList<>();
    for (var entry : call(() -> store.forwardRecipients(documentId)).entrySet()) {
      String next = entry.getKey();
      if (asked.contains(next)) {
        continue;
      }
      Optional<Peer> peer = router.peerByNode(next);
      String problem;
      if (peer.isEmpty()) {
        problem = "node " + next + " is no longer a configured peer";
      } else {
        try {
          events.addAll(
              remoteTraces.fetch(peer.get(), request.caller().organ(), documentId, chain));
          continue;
        } catch (Exception e) {
          problem = e.toString();
        }
      }
      LOG.warn("timeline of {} from node {} unavailable: {}", documentId, next, problem);
      for (String recipient : entry.getValue()) {
        TraceEvent e = new TraceEvent();
        e.setAt(clock.instant());
        e.setRecipient(recipient);
        e.setTransport(TransportState.FAILED);
        e.setNode(nodeId);
        e.setDetail(
            "The part of the timeline kept by node "
                + next
                + " is unavailable right now; ask again later.");
        events.add(e);
      }
    }
    return events;
  }

  /**
   * Oldest first; a status event once (as first recorded: every node on the way records it), a
   * transport event once per node.
   */
  private static List<TraceEvent> merge(List<TraceEvent> events) {
    List<TraceEvent> sorted = new ArrayList<>(events);
    sorted.sort(java.util.Comparator.comparing(TraceEvent::getAt));
    Set<List<Object>> seen = new java.util.HashSet<>();
    List<TraceEvent> result = new ArrayList<>();
    for (TraceEvent e : sorted) {
      List<Object> key =
          e.getStatus() != null
              ? Arrays.asList("s", e.getRecipient(), e.getStatus(), e.getActor(), e.getMessageId())
              : Arrays.asList(
                  "t",
                  e.getAt(),
                  e.getRecipient(),
                  e.getTransport(),
                  e.getActor(),
                  e.getNode(),
                  e.getMessageId(),
                  e.getDetail());
      if (seen.add(key)) {
        result.add(e);
      }
    }
    return result;
  }

  public GetOrganizationsResponse organizations(VerifiedRequest request, GetOrganizations p) {
    requireDirect(request);
    int max = p.getMax() == null ? 1000 : p.getMax();
    GetOrganizationsResponse response = new GetOrganizationsResponse();
    for (OrganRecord o : call(() -> store.organs(p.getCodePrefix(), p.getNameContains(), max))) {
      DirectoryEntry e = new DirectoryEntry();
      e.setOrganId(o.code());
      e.setName(o.name());
      e.setParentId(o.parentCode());
      e.setHomeNode(o.homeNode());
      e.setLocal(o.local());
      response.getOrganization().add(e);
    }
    return response;
  }

  // ------------------------------------------------------------------ helpers

  /** A peer node relays messages and trace queries only: it never reads an organ's mailbox. */
  private static void requireDirect(VerifiedRequest request) {
    if (request.caller().relayed()) {
      throw NodeFault.of(
          ErrorCode.SENDER_NOT_AUTHORIZED,
          "peer node "
              + request.caller().relayedBy()
              + " may relay messages and trace queries only, not mailbox or directory calls");
    }
  }

  private static void requireOwnOrgan(VerifiedRequest request, String organ) {
    if (!request.caller().organ().equals(organ)) {
      throw NodeFault.withPublicDetail(
          ErrorCode.REQUEST_INVALID, "OrganId must be the signed sender's organ code.");
    }
  }

  private static <T> T call(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (StoreException e) {
      throw storeFault(e);
    }
  }

  private static NodeFault storeFault(StoreException e) {
    return NodeFault.of(
        e.retryable() ? ErrorCode.STORE_UNAVAILABLE : ErrorCode.INTERNAL_ERROR,
        "store: " + e.getMessage(),
        e);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
