package vn.edxml.node.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.federation.FourNodes.G22;
import static vn.edxml.node.federation.FourNodes.HUB41;
import static vn.edxml.node.federation.FourNodes.HUB44;
import static vn.edxml.node.federation.FourNodes.NATIONAL;
import static vn.edxml.node.federation.FourNodes.P41;
import static vn.edxml.node.federation.FourNodes.Y;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.edxml.model.Edoc;
import vn.edxml.node.cli.NodeCli;
import vn.edxml.node.store.OutboundRecord;
import vn.edxml.node.store.OutboundState;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.HopTrace;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.RoutingOutcome;
import vn.edxml.wsdl.service.TraceEvent;

/**
 * A dead next node: forwards to it retry with backoff, its breaker opens while another next node
 * keeps flowing, they become dead letters after the configured attempts (visible in the sender's
 * timeline and in a repeated receipt), the CLI lists and replays them, and once the node is back
 * each arrives exactly once. A retried hop is answered idempotently.
 */
class DeadPeerIT {

  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final int ATTEMPTS = 3;

  @Test
  void deadLettersAfterTheAttemptsThenReplayDeliversOnce() throws Exception {
    try (Topology nodes = new Topology("dead")) {
      FourNodes.declare(nodes);
      nodes.writeAll(); // writes the four folders; hub.H44 stays down for now
      // The national hub gives up fast; override its forwarding settings (later lines win).
      rewrite(
          nodes,
          NATIONAL,
          "forward.max-attempts=" + ATTEMPTS,
          "forward.backoff.initial=200ms",
          "forward.backoff.max=400ms",
          "forward.breaker.failures=2",
          "forward.breaker.open=600ms");
      nodes.start(NATIONAL);
      nodes.start(HUB41);
      TestClient g = nodes.client(G22);
      TestClient p41 = nodes.client(P41);

      List<String> toDead = new ArrayList<>();
      List<String> toLive = new ArrayList<>();
      Edoc first = null;
      byte[] firstPkg = null;
      Interchange firstIx = null;
      for (int i = 0; i < 3; i++) {
        Edoc dead = Documents.edoc(G22, Y);
        byte[] pkg = TestClient.bytes(dead);
        Interchange ix = g.envelope(pkg, MessageType.EDOC, List.of(Y), dead.documentId());
        Receipt r = g.sendDocument(pkg, ix);
        assertEquals(RoutingOutcome.QUEUED, r.getRecipient().get(0).getOutcome());
        toDead.add(r.getMessageId());
        if (first == null) {
          first = dead;
          firstPkg = pkg;
          firstIx = ix;
        }
        toLive.add(g.send(Documents.edoc(G22, P41)).getMessageId());
      }
      String[] breaker = {"closed"};
      Topology.await(
          "the breaker towards the dead hub opens",
          WAIT,
          () -> {
            breaker[0] = nodes.running(NATIONAL).forwarder().breakerState(HUB44);
            return !breaker[0].equals("closed");
          });
      // The live hub is not held up by the dead one.
      Topology.await(
          "documents to the live hub arrive",
          WAIT,
          () -> MiddleNodeRestartIT.pendingIds(p41, MessageType.EDOC).keySet().containsAll(toLive));
      Topology.await(
          "every forward to the dead hub is a dead letter",
          WAIT,
          () ->
              nodes.running(NATIONAL).store().forwards(OutboundState.DEAD, HUB44, 10).size()
                  == toDead.size());
      for (OutboundRecord r :
          nodes.running(NATIONAL).store().forwards(OutboundState.DEAD, null, 10)) {
        assertEquals(ATTEMPTS, r.attempts());
        assertEquals(List.of(Y), r.recipients());
        assertTrue(toDead.contains(r.messageId()));
      }
      // The sender's timeline says what happened, attempt by attempt.
      List<TraceEvent> events = g.traces(first.documentId()).getEvent();
      // (The national hub also says that hub.H44's own part of the timeline is unavailable.)
      long failed =
          events.stream()
              .filter(e -> is(e, "failed") && e.getDetail().startsWith("attempt "))
              .count();
      assertEquals(ATTEMPTS - 1, failed, "one 'failed' event per retried attempt");
      assertTrue(
          events.stream()
              .anyMatch(e -> is(e, "failed") && e.getDetail().contains("node " + HUB44)));
      TraceEvent deadLetter = events.stream().filter(e -> is(e, "dead_letter")).findFirst().get();
      assertEquals(NATIONAL, deadLetter.getNode());
      assertTrue(deadLetter.getDetail().contains("gave up after " + ATTEMPTS + " attempts"));
      // So does the receipt, should the sender send the same message again.
      Receipt again = g.sendDocument(firstPkg, firstIx);
      assertTrue(again.isDuplicate());
      assertEquals(RoutingOutcome.UNROUTABLE, again.getRecipient().get(0).getOutcome());
      assertTrue(again.getRecipient().get(0).getDetail().startsWith("Dead letter"));

      // The operator lists and replays them with the node stopped (H2 has one user at a time).
      nodes.stop(NATIONAL);
      String listed = cli(nodes, "dead-letters", "list");
      for (String id : toDead) {
        assertTrue(listed.contains(id), listed);
      }
      assertTrue(listed.contains("3 dead letters."), listed);
      assertTrue(
          cli(nodes, "dead-letters", "replay", "--node", HUB44).startsWith("3 dead letters"));
      assertTrue(cli(nodes, "dead-letters", "list").contains("0 dead letters."));

      nodes.start(HUB44);
      nodes.start(NATIONAL);
      TestClient y = nodes.client(Y);
      Topology.await(
          "replayed documents arrive",
          WAIT,
          () -> MiddleNodeRestartIT.pendingIds(y, MessageType.EDOC).keySet().containsAll(toDead));
      Map<String, Integer> counts = MiddleNodeRestartIT.pendingIds(y, MessageType.EDOC);
      for (String id : toDead) {
        assertEquals(1, counts.get(id));
      }
      Topology.await(
          "the replayed forwards are done",
          WAIT,
          () ->
              nodes.running(NATIONAL).store().forwards(OutboundState.SENT, HUB44, 10).size()
                  == toDead.size());

      // A hop that sends again (say its receipt was lost) gets the first receipt back and the
      // next node keeps one copy.
      Interchange relay = g.envelope(firstPkg, MessageType.EDOC, List.of(Y), first.documentId());
      relay.setMessageId(firstIx.getMessageId());
      HopTrace hops = new HopTrace();
      Hop hop = new Hop();
      hop.setNode(NATIONAL);
      hop.setReceivedAt(java.time.Instant.now());
      hops.getHop().add(hop);
      relay.setHopTrace(hops);
      TestClient asNational = nodes.rawClient(HUB44, G22, nodes.nodeKey(NATIONAL));
      Receipt repeated = asNational.sendDocument(firstPkg, relay);
      assertTrue(repeated.isDuplicate());
      assertEquals(
          1, MiddleNodeRestartIT.pendingIds(y, MessageType.EDOC).get(firstIx.getMessageId()));
      assertTrue(
          events(g, first).stream().anyMatch(e -> is(e, "delivered") && HUB44.equals(e.getNode())));
    }
  }

  private static List<TraceEvent> events(TestClient g, Edoc edoc) throws Exception {
    return g.traces(edoc.documentId()).getEvent();
  }

  private static boolean is(TraceEvent e, String transport) {
    return e.getTransport() != null && transport.equals(e.getTransport().value());
  }

  private static void rewrite(Topology nodes, String nodeId, String... lines) throws Exception {
    java.nio.file.Path file = nodes.configFile(nodeId);
    StringBuilder b = new StringBuilder(java.nio.file.Files.readString(file));
    for (String line : lines) {
      b.append(line).append('\n');
    }
    java.nio.file.Files.writeString(file, b);
  }

  private static String cli(Topology nodes, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = nodes.configFile(NATIONAL).toString();
    int code =
        new NodeCli(new NodeCli.Context(Map.of(), node -> {}, Clock.systemUTC()))
            .execute(new PrintWriter(out), new PrintWriter(err), all);
    assertEquals(0, code, err.toString());
    return out.toString();
  }
}
