package vn.edxml.node.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.routing.ForwardSettings;
import vn.edxml.node.routing.Peer;
import vn.edxml.node.routing.Router;
import vn.edxml.node.store.DeliveryState;
import vn.edxml.node.store.ForwardOutcome;
import vn.edxml.node.store.MessageRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.OutboundClaim;
import vn.edxml.node.store.OutboundState;
import vn.edxml.node.store.PayloadStore;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.TraceRecord;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.HopTrace;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.RecipientOutcome;
import vn.edxml.wsdl.service.RoutingOutcome;

/**
 * Sends queued messages to the next node: one worker per peer (so a dead or slow hub never holds up
 * another), each claiming one due forward at a time from the store's outbound queue.
 *
 * <p>State machine of a forward ({@code outbound} row, recipients' deliveries in brackets):
 *
 * <pre>
 *  pending [queued] --claim (lease)--> sending
 *  sending --receipt--------------------------------> sent [forwarded | unroutable per the receipt]
 *  sending --no answer / retryable fault, attempts < max--> pending [queued], due after backoff
 *  sending --no answer / retryable fault, attempts = max--> dead [dead_letter]
 *  sending --refused for good (non-retryable fault)------> dead [dead_letter | unroutable]
 *  sending --lease passed (node died)--> claimable again by any forwarder
 *  dead --replay (CLI)--> pending [queued], attempts 0
 * </pre>
 *
 * <p>Why a retry never makes a second copy downstream: the forward carries the original sender and
 * message id; the next node deduplicates on exactly (sender, message id) with a unique constraint
 * and answers a repeat with its first receipt. The row is marked sent only after that receipt, in
 * one transaction with the deliveries and traces; finishing is fenced by the claim token, so a
 * forwarder whose lease was taken over cannot overwrite the newer outcome.
 */
public final class Forwarder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /** Forwards one worker sends before it hands back to the scheduler (bounded work per run). */
  private static final int PER_RUN = 200;

  private final String nodeId;
  private final Router router;
  private final ForwardSettings settings;
  private final MessageStore store;
  private final PayloadStore payloads;
  private final PeerPorts ports;
  private final Clock clock;
  private final Backoff backoff;
  private final Map<String, Breaker> breakers = new HashMap<>();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Set<OutboundClaim> held = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean woken;
  private volatile boolean running;
  private Thread scheduler;

  public Forwarder(
      String nodeId,
      Router router,
      MessageStore store,
      PayloadStore payloads,
      PeerPorts ports,
      Clock clock,
      RandomGenerator random) {
    this.nodeId = nodeId;
    this.router = router;
    this.settings = router.federation().forward();
    this.store = store;
    this.payloads = payloads;
    this.ports = ports;
    this.clock = clock;
    this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), random);
    for (Peer p : router.peers()) {
      breakers.put(p.nodeId(), new Breaker(settings.breakerFailures(), settings.breakerOpen()));
    }
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, router.peers().size()),
            r -> {
              Thread t = new Thread(r, "edxml-forward-" + nodeId);
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    running = true;
    scheduler = new Thread(this::schedule, "edxml-forward-scheduler-" + nodeId);
    scheduler.setDaemon(true);
    scheduler.start();
  }

  /** Looks for work now (a message was just queued). */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The breaker state towards a peer node, for operators and tests. */
  public String breakerState(String peerNode) {
    Breaker b = breakers.get(peerNode);
    return b == null ? "none" : b.state(clock.instant()).name().toLowerCase(java.util.Locale.ROOT);
  }

  private void schedule() {
    while (running) {
      for (Peer peer : router.peers()) {
        Breaker breaker = breakers.get(peer.nodeId());
        if (breaker.allows(clock.instant()) && busy.add(peer.nodeId())) {
          try {
            workers.execute(() -> work(peer, breaker));
          } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.remove(peer.nodeId());
          }
        }
      }
      lock.lock();
      try {
        if (!woken && running) {
          wakeUp.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        woken = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  private void work(Peer peer, Breaker breaker) {
    try {
      for (int i = 0; i < PER_RUN && running && breaker.allows(clock.instant()); i++) {
        List<OutboundClaim> claims =
            store.claimForwards(peer.nodeId(), clock.instant(), settings.lease(), 1);
        if (claims.isEmpty()) {
          return;
        }
        OutboundClaim claim = claims.get(0);
        held.add(claim);
        try {
          forward(peer, breaker, claim);
        } finally {
          held.remove(claim);
        }
      }
    } catch (StoreException e) {
      LOG.warn("forwarding to {} paused: store: {}", peer.nodeId(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("forwarding to {} failed unexpectedly: {}", peer.nodeId(), e.toString());
    } finally {
      busy.remove(peer.nodeId());
    }
  }

  private void forward(Peer peer, Breaker breaker, OutboundClaim claim) {
    MessageRecord m = claim.message();
    if (claim.recipients().isEmpty()) {
      // Every recipient was settled otherwise (e.g. by an operator): nothing left to send.
      finish(claim, OutboundState.SENT, null, null, Map.of(), List.of());
      return;
    }
    Instant now = clock.instant();
    Interchange ix = Envelopes.read(m.interchangeXml());
    ix.getTo().clear();
    ix.getTo().addAll(claim.recipients());
    stampForwarded(ix, now);
    Receipt receipt;
    try {
      receipt = ports.send(peer, ix, payloads.path(m.payloadSha256()));
      checkReceipt(receipt, m);
    } catch (InterchangeFault_Exception e) {
      String code = e.getFaultInfo() == null ? "unknown" : e.getFaultInfo().getCode();
      boolean retryable = ErrorCode.fromId(code).map(ErrorCode::retryable).orElse(true);
      String detail = code + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
      if (retryable) {
        failed(peer, breaker, claim, "node " + peer.nodeId() + " answered " + detail);
      } else {
        breaker.success(); // it answered: the peer is up, the message is what it refuses
        refused(peer, claim, code, detail);
      }
      return;
    } catch (RuntimeException e) {
      failed(peer, breaker, claim, rootMessage(e));
      return;
    }
    breaker.success();
    delivered(peer, claim, receipt);
  }

  /** Sets ForwardedAt on this node's hop (the last one; added if the envelope lacks it). */
  private void stampForwarded(Interchange ix, Instant now) {
    if (ix.getHopTrace() == null) {
      ix.setHopTrace(new HopTrace());
    }
    List<Hop> hops = ix.getHopTrace().getHop();
    Hop own = hops.isEmpty() ? null : hops.get(hops.size() - 1);
    if (own == null || !nodeId.equals(own.getNode())) {
      own = new Hop();
      own.setNode(nodeId);
      own.setReceivedAt(now);
      hops.add(own);
    }
    own.setForwardedAt(now);
  }

  private static void checkReceipt(Receipt r, MessageRecord m) {
    if (r == null
        || !m.messageId().equals(r.getMessageId())
        || r.getPayloadDigest() == null
        || !m.payloadSha256().equals(HexFormat.of().formatHex(r.getPayloadDigest().getValue()))) {
      throw new IllegalStateException(
          "the receipt does not name this message and its payload digest");
    }
  }

  private void delivered(Peer peer, OutboundClaim claim, Receipt receipt) {
    Instant now = clock.instant();
    Map<String, RecipientOutcome> outcomes = new HashMap<>();
    for (RecipientOutcome o : receipt.getRecipient()) {
      outcomes.put(o.getOrganId(), o);
    }
    Map<String, DeliveryState> states = new LinkedHashMap<>();
    List<TraceRecord> traces = new ArrayList<>();
    String again = Boolean.TRUE.equals(receipt.isDuplicate()) ? " (it had it already)" : "";
    for (String recipient : claim.recipients()) {
      RecipientOutcome o = outcomes.get(recipient);
      if (o != null && o.getOutcome() == RoutingOutcome.UNROUTABLE) {
        states.put(recipient, DeliveryState.UNROUTABLE);
        traces.add(
            trace(
                claim,
                recipient,
                now,
                DeliveryState.UNROUTABLE.wireName(),
                "node "
                    + peer.nodeId()
                    + " has no route: "
                    + (o.getDetail() == null ? "unroutable" : o.getDetail())));
        continue;
      }
      states.put(recipient, DeliveryState.FORWARDED);
      String said =
          o == null
              ? "it did not mention this recipient"
              : o.getOutcome() == RoutingOutcome.DELIVERED
                  ? "delivered to the mailbox"
                  : "queued for node " + o.getNextNode();
      traces.add(
          trace(
              claim,
              recipient,
              now,
              DeliveryState.FORWARDED.wireName(),
              "to node " + peer.nodeId() + ": " + said + again));
    }
    finish(claim, OutboundState.SENT, null, null, states, traces);
    LOG.info(
        "forwarded {} {} from {} to node {}{}",
        claim.message().messageType(),
        claim.message().messageId(),
        claim.message().sender(),
        peer.nodeId(),
        again);
  }

  /** The peer answered with a fault that retrying cannot cure. */
  private void refused(Peer peer, OutboundClaim claim, String code, String detail) {
    Instant now = clock.instant();
    boolean unroutable = ErrorCode.UNKNOWN_RECIPIENT.id().equals(code);
    DeliveryState state = unroutable ? DeliveryState.UNROUTABLE : DeliveryState.DEAD_LETTER;
    Map<String, DeliveryState> states = new LinkedHashMap<>();
    List<TraceRecord> traces = new ArrayList<>();
    for (String recipient : claim.recipients()) {
      states.put(recipient, state);
      traces.add(
          trace(
              claim,
              recipient,
              now,
              state.wireName(),
              "node " + peer.nodeId() + " refused it: " + detail));
    }
    finish(claim, OutboundState.DEAD, null, "refused: " + detail, states, traces);
    LOG.warn(
        "node {} refused {} from {}: {}",
        peer.nodeId(),
        claim.message().messageId(),
        claim.message().sender(),
        detail);
  }

  /** No useful answer: retry after a backoff, or give up after the last attempt. */
  private void failed(Peer peer, Breaker breaker, OutboundClaim claim, String error) {
    Instant now = clock.instant();
    int attempts = claim.attempts() + 1;
    boolean opened = breaker.failure(now);
    Map<String, DeliveryState> states = new LinkedHashMap<>();
    List<TraceRecord> traces = new ArrayList<>();
    if (attempts >= settings.maxAttempts()) {
      for (String recipient : claim.recipients()) {
        states.put(recipient, DeliveryState.DEAD_LETTER);
        traces.add(
            trace(
                claim,
                recipient,
                now,
                DeliveryState.DEAD_LETTER.wireName(),
                "gave up after "
                    + attempts
                    + " attempts to node "
                    + peer.nodeId()
                    + ": "
                    + error
                    + " (an operator can replay it: edxml-node dead-letters replay)"));
      }
      finish(claim, OutboundState.DEAD, null, error, states, traces);
      LOG.warn(
          "dead letter: {} from {} to node {} after {} attempts: {}",
          claim.message().messageId(),
          claim.message().sender(),
          peer.nodeId(),
          attempts,
          error);
      return;
    }
    Duration wait = backoff.delay(attempts);
    for (String recipient : claim.recipients()) {
      traces.add(
          trace(
              claim,
              recipient,
              now,
              "failed",
              "attempt "
                  + attempts
                  + " of "
                  + settings.maxAttempts()
                  + " to node "
                  + peer.nodeId()
                  + " failed: "
                  + error
                  + "; next attempt in "
                  + wait.toMillis()
                  + " ms"
                  + (opened ? "; circuit breaker open" : "")));
    }
    finish(claim, OutboundState.PENDING, now.plus(wait), error, states, traces);
    LOG.info(
        "forward of {} to node {} failed (attempt {}): {}",
        claim.message().messageId(),
        peer.nodeId(),
        attempts,
        error);
  }

  private void finish(
      OutboundClaim claim,
      OutboundState state,
      Instant nextAttempt,
      String error,
      Map<String, DeliveryState> states,
      List<TraceRecord> traces) {
    boolean done =
        store.finishForward(
            claim, new ForwardOutcome(state, clock.instant(), nextAttempt, error, states, traces));
    if (!done) {
      LOG.warn(
          "forward of {} to node {}: the claim was taken over (lease passed); its outcome is"
              + " left to the new holder",
          claim.message().messageId(),
          claim.nextNode());
    }
  }

  private TraceRecord trace(
      OutboundClaim claim, String recipient, Instant at, String value, String detail) {
    MessageRecord m = claim.message();
    return new TraceRecord(
        m.documentId(),
        recipient,
        at,
        TraceRecord.Kind.TRANSPORT,
        value,
        m.sender(),
        nodeId,
        m.messageId(),
        detail);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Stops: no new forwards; in-flight ones may finish within {@code grace}; claims still held are
   * given back so that the forwards are due again at once (for this node after a restart, or for
   * another node of a cluster).
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  public void close(Duration grace) {
    running = false;
    wake();
    if (scheduler != null) {
      scheduler.interrupt();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
        workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!held.isEmpty()) {
      try {
        store.releaseClaims(List.copyOf(held));
      } catch (StoreException e) {
        LOG.warn("claims not released (their lease will pass): {}", e.getMessage());
      }
    }
  }
}
