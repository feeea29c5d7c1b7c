package vn.edxml.node.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.federation.FederationIT.statuses;
import static vn.edxml.node.federation.FederationIT.transport;
import static vn.edxml.node.federation.FourNodes.HUB41;
import static vn.edxml.node.federation.FourNodes.HUB44;
import static vn.edxml.node.federation.FourNodes.NATIONAL;
import static vn.edxml.node.federation.FourNodes.X;
import static vn.edxml.node.federation.FourNodes.XA;
import static vn.edxml.node.federation.FourNodes.Y;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.edxml.model.Edoc;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.PendingMessage;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.TraceEvent;

/**
 * The middle node (the commune's province hub) stops during a stream of 20 documents and comes
 * back: every document arrives exactly once, every status comes back, every timeline is complete.
 */
class MiddleNodeRestartIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int DOCUMENTS = 20;

  @Test
  void aStoppedMiddleNodeLosesAndDuplicatesNothing() throws Exception {
    try (Topology nodes = FourNodes.declare(new Topology("restart"))) {
      nodes.startAll();
      TestClient x = nodes.client(X);
      TestClient y = nodes.client(Y);
      Map<String, Edoc> sent = new LinkedHashMap<>();
      for (int i = 0; i < DOCUMENTS; i++) {
        if (i == 6) {
          nodes.stop(HUB41);
        }
        if (i == 14) {
          nodes.start(HUB41);
        }
        Edoc edoc = Documents.edoc(X, Y);
        Receipt r = x.send(edoc);
        sent.put(r.getMessageId(), edoc);
        Thread.sleep(i < 6 ? 20 : 120);
      }

      Topology.await(
          "all " + DOCUMENTS + " documents in the far mailbox",
          WAIT,
          () -> pendingIds(y, MessageType.EDOC).keySet().containsAll(sent.keySet()));
      Map<String, Integer> counts = pendingIds(y, MessageType.EDOC);
      for (String id : sent.keySet()) {
        assertEquals(1, counts.get(id), "message " + id + " in the mailbox once");
      }
      for (String node : List.of(HUB41, NATIONAL, HUB44)) {
        for (String id : sent.keySet()) {
          assertTrue(nodes.running(node).store().messageFromSender(X, id).isPresent());
        }
      }

      List<String> statusIds = new ArrayList<>();
      for (var e : sent.entrySet()) {
        y.confirm(e.getKey());
        statusIds.add(
            y.sendStatus(FederationIT.status(Y, e.getValue(), StatusCode.RECEIVED), List.of(X))
                .getMessageId());
      }
      Topology.await(
          "every status back at the origin",
          WAIT,
          () -> pendingIds(x, MessageType.STATUS).keySet().containsAll(statusIds));
      Map<String, Integer> statusCounts = pendingIds(x, MessageType.STATUS);
      for (String id : statusIds) {
        assertEquals(1, statusCounts.get(id), "status " + id + " in the mailbox once");
      }

      for (Edoc edoc : sent.values()) {
        List<TraceEvent> events = x.traces(edoc.documentId()).getEvent();
        assertEquals(List.of("01"), statuses(events), edoc.documentId());
        Set<String> path = transport(events, Y);
        for (String expected :
            List.of(
                XA + ":forwarded",
                HUB41 + ":forwarded",
                NATIONAL + ":forwarded",
                HUB44 + ":delivered",
                HUB44 + ":confirmed")) {
          assertTrue(path.contains(expected), edoc.documentId() + ": " + expected + " in " + path);
        }
        assertEquals(
            1,
            events.stream()
                .filter(e -> HUB44.equals(e.getNode()) && e.getTransport() != null)
                .filter(e -> "delivered".equals(e.getTransport().value()))
                .count(),
            "delivered once");
      }
    }
  }

  /** Message id to how often it is listed in the organ's mailbox. */
  static Map<String, Integer> pendingIds(TestClient client, MessageType type) {
    Map<String, Integer> ids = new HashMap<>();
    try {
      for (PendingMessage p : client.pending(client.organ(), type, 500).getPending()) {
        ids.merge(p.getMessageId(), 1, Integer::sum);
      }
    } catch (Exception e) {
      return Map.of();
    }
    return ids;
  }
}
