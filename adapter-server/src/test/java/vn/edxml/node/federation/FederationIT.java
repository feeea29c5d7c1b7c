package vn.edxml.node.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.federation.FourNodes.G22;
import static vn.edxml.node.federation.FourNodes.HUB41;
import static vn.edxml.node.federation.FourNodes.HUB44;
import static vn.edxml.node.federation.FourNodes.NATIONAL;
import static vn.edxml.node.federation.FourNodes.NOWHERE;
import static vn.edxml.node.federation.FourNodes.P41;
import static vn.edxml.node.federation.FourNodes.X;
import static vn.edxml.node.federation.FourNodes.XA;
import static vn.edxml.node.federation.FourNodes.Y;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.PendingMessage;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.RecipientOutcome;
import vn.edxml.wsdl.service.RoutingOutcome;
import vn.edxml.wsdl.service.TraceEvent;

/**
 * Four nodes in one JVM (commune → province → national → other province): documents both ways,
 * statuses back across the same hops, hop traces at the far end, complete timelines at the origin,
 * unroutable recipients, and the relay rule.
 */
class FederationIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Topology nodes;

  @BeforeAll
  static void start() throws Exception {
    nodes = FourNodes.declare(new Topology("four"));
    nodes.startAll();
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  static PendingMessage awaitPending(TestClient client, String messageId, MessageType type) {
    PendingMessage[] found = new PendingMessage[1];
    Topology.await(
        client.organ() + " receives " + messageId,
        WAIT,
        () -> {
          try {
            for (PendingMessage p : client.pending(client.organ(), type, 500).getPending()) {
              if (p.getMessageId().equals(messageId)) {
                found[0] = p;
                return true;
              }
            }
            return false;
          } catch (Exception e) {
            return false;
          }
        });
    return found[0];
  }

  static Receipt sendDocument(TestClient from, byte[] pkg, Edoc edoc) throws Exception {
    return from.sendDocument(
        pkg,
        from.envelope(
            pkg,
            MessageType.EDOC,
            edoc.to().stream().map(vn.edxml.model.Organ::organId).toList(),
            edoc.documentId()));
  }

  static Status status(String from, Edoc edoc, StatusCode code) {
    return Status.builder().from(Documents.organ(from)).responseFor(edoc).code(code).build();
  }

  static List<String> statuses(List<TraceEvent> events) {
    return events.stream().filter(e -> e.getStatus() != null).map(TraceEvent::getStatus).toList();
  }

  /** (node, transport state) pairs of a recipient's events. */
  static Set<String> transport(List<TraceEvent> events, String recipient) {
    return events.stream()
        .filter(e -> e.getTransport() != null && recipient.equals(e.getRecipient()))
        .map(e -> e.getNode() + ":" + e.getTransport().value())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aDocumentCrossesFourNodesUnchangedAndItsStatusesComeBack() throws Exception {
    TestClient x = nodes.client(X);
    TestClient y = nodes.client(Y);
    Edoc edoc = Documents.edoc(X, Y);
    byte[] pkg = TestClient.bytes(edoc);
    Receipt receipt = sendDocument(x, pkg, edoc);
    RecipientOutcome first = receipt.getRecipient().get(0);
    assertEquals(RoutingOutcome.QUEUED, first.getOutcome());
    assertEquals(HUB41, first.getNextNode());

    PendingMessage pending = awaitPending(y, receipt.getMessageId(), MessageType.EDOC);
    assertEquals(X, pending.getFrom(), "the original sender travels unchanged");
    GetDocumentResponse got = y.get(receipt.getMessageId());
    byte[] fetched;
    try (InputStream in = got.getPackage().getInputStream()) {
      fetched = in.readAllBytes();
    }
    assertArrayEquals(pkg, fetched, "the package travels byte for byte");
    assertEquals(X, got.getInterchange().getFrom());
    assertEquals(receipt.getMessageId(), got.getInterchange().getMessageId());
    List<Hop> hops = got.getInterchange().getHopTrace().getHop();
    assertEquals(List.of(XA, HUB41, NATIONAL, HUB44), hops.stream().map(Hop::getNode).toList());
    for (Hop h : hops.subList(0, 3)) {
      assertTrue(h.getForwardedAt() != null && !h.getForwardedAt().isBefore(h.getReceivedAt()));
    }
    y.confirm(receipt.getMessageId());

    for (StatusCode code :
        List.of(StatusCode.RECEIVED, StatusCode.ACCEPTED, StatusCode.COMPLETED)) {
      Receipt sr = y.sendStatus(status(Y, edoc, code), List.of(X));
      assertEquals(RoutingOutcome.QUEUED, sr.getRecipient().get(0).getOutcome());
      awaitPending(x, sr.getMessageId(), MessageType.STATUS);
    }
    List<String> inMailbox =
        x.pending(X, MessageType.STATUS, 500).getPending().stream()
            .filter(p -> p.getDocumentId().equals(edoc.documentId()))
            .map(PendingMessage::getStatusCode)
            .toList();
    assertEquals(List.of("01", "03", "06"), inMailbox);

    // The origin's timeline joins every node's part.
    List<TraceEvent> events = x.traces(edoc.documentId()).getEvent();
    assertEquals(List.of("01", "03", "06"), statuses(events));
    Set<String> path = transport(events, Y);
    for (String expected :
        List.of(
            XA + ":accepted",
            XA + ":queued",
            XA + ":forwarded",
            HUB41 + ":accepted",
            HUB41 + ":forwarded",
            NATIONAL + ":accepted",
            NATIONAL + ":forwarded",
            HUB44 + ":accepted",
            HUB44 + ":delivered",
            HUB44 + ":confirmed")) {
      assertTrue(path.contains(expected), expected + " missing from " + path);
    }
    assertTrue(
        events.stream()
            .noneMatch(e -> e.getTransport() != null && "failed".equals(e.getTransport().value())),
        "no node was unavailable");
    // The receiver sees the same statuses (its own node asks the others the same way).
    assertEquals(List.of("01", "03", "06"), statuses(y.traces(edoc.documentId()).getEvent()));
  }

  @Test
  void documentsAndStatusesFlowTheOtherWayToo() throws Exception {
    TestClient x = nodes.client(X);
    TestClient y = nodes.client(Y);
    Edoc edoc = Documents.edoc(Y, X);
    byte[] pkg = TestClient.bytes(edoc);
    Receipt receipt = sendDocument(y, pkg, edoc);
    awaitPending(x, receipt.getMessageId(), MessageType.EDOC);
    List<Hop> hops = x.get(receipt.getMessageId()).getInterchange().getHopTrace().getHop();
    assertEquals(List.of(HUB44, NATIONAL, HUB41, XA), hops.stream().map(Hop::getNode).toList());
    assertArrayEquals(pkg, x.fetch(receipt.getMessageId()));
    x.confirm(receipt.getMessageId());
    Receipt accepted = x.sendStatus(status(X, edoc, StatusCode.ACCEPTED), List.of(Y));
    awaitPending(y, accepted.getMessageId(), MessageType.STATUS);
    List<TraceEvent> events = y.traces(edoc.documentId()).getEvent();
    assertEquals(List.of("03"), statuses(events));
    assertTrue(transport(events, X).contains(XA + ":confirmed"), transport(events, X)::toString);
  }

  @Test
  void anUnroutableRecipientIsItsOwnOutcomeWhileTheOthersGoThrough() throws Exception {
    // At the national hub itself: the receipt says it per recipient.
    TestClient g = nodes.client(G22);
    Edoc direct = Documents.edoc(G22, Y, NOWHERE);
    Receipt r = g.send(direct);
    Map<String, RecipientOutcome> outcomes =
        r.getRecipient().stream().collect(Collectors.toMap(RecipientOutcome::getOrganId, o -> o));
    assertEquals(RoutingOutcome.QUEUED, outcomes.get(Y).getOutcome());
    assertEquals(HUB44, outcomes.get(Y).getNextNode());
    assertEquals(RoutingOutcome.UNROUTABLE, outcomes.get(NOWHERE).getOutcome());
    assertTrue(outcomes.get(NOWHERE).getDetail().contains(NATIONAL));
    awaitPending(nodes.client(Y), r.getMessageId(), MessageType.EDOC);

    // From the commune: the commune and province nodes send everything upstream; the national
    // hub, which has no route for it, says so, and the origin's timeline shows where and why.
    TestClient x = nodes.client(X);
    Edoc far = Documents.edoc(X, Y, NOWHERE);
    Receipt fr = x.send(far);
    assertEquals(2, fr.getRecipient().size());
    awaitPending(nodes.client(Y), fr.getMessageId(), MessageType.EDOC);
    Topology.await(
        "the unroutable recipient shows in the origin's timeline",
        WAIT,
        () -> {
          try {
            Set<String> t = transport(x.traces(far.documentId()).getEvent(), NOWHERE);
            return t.contains(NATIONAL + ":unroutable") && t.contains(HUB41 + ":unroutable");
          } catch (Exception e) {
            return false;
          }
        });
    assertTrue(transport(x.traces(far.documentId()).getEvent(), Y).contains(HUB44 + ":delivered"));
  }

  @Test
  void onlyAConfiguredPeerRelaysAndOnlyForItsOwnSide() throws Exception {
    Edoc edoc = Documents.edoc(X, P41);
    // A valid certificate of the same CA that is no configured peer.
    TestClient stranger = nodes.rawClient(HUB41, X, nodes.stranger("hub.rogue"));
    assertEquals("sender_not_authorized", TestClient.faultCode(() -> stranger.send(edoc)));
    // The commune node is a peer of hub.H41, but only for its own organ, not for H44's.
    Edoc foreign = Documents.edoc(Y, P41);
    TestClient commune = nodes.rawClient(HUB41, Y, nodes.nodeKey(XA));
    assertEquals("sender_not_authorized", TestClient.faultCode(() -> commune.send(foreign)));
    // Nor for an organ whose mailbox is on hub.H41 itself.
    TestClient asLocal = nodes.rawClient(HUB41, P41, nodes.nodeKey(XA));
    assertEquals(
        "sender_not_authorized",
        TestClient.faultCode(() -> asLocal.send(Documents.edoc(P41, G22))));
    // For its own organ it may relay, but a relay must carry its hop...
    TestClient relay = nodes.rawClient(HUB41, X, nodes.nodeKey(XA));
    assertEquals("envelope_invalid", TestClient.faultCode(() -> relay.send(edoc)));
    // ...and a peer never reads a mailbox, not even for an organ it relays for.
    assertEquals("sender_not_authorized", TestClient.faultCode(() -> relay.pending(X, null, null)));
    assertEquals(
        "sender_not_authorized", TestClient.faultCode(() -> asLocal.pending(P41, null, null)));
    // Nothing of this reached the organ.
    assertTrue(
        nodes.client(P41).pending().getPending().stream()
            .noneMatch(p -> p.getDocumentId().equals(edoc.documentId())));
  }
}
