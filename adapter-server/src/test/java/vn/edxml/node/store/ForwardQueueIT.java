package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.store.Fixtures.T0;
import static vn.edxml.node.store.Fixtures.edoc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbound queue (store-and-forward) on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(Engine.class)
@ExtendWith(TestDatabases.class)
class ForwardQueueIT {

  private static final String A = "000.00.00.G22";
  private static final String B = "000.00.01.H41";
  private static final String C = "000.00.01.H44";
  private static final String LOCAL = "000.00.00.H29";
  private static final String HUB = "hub.H41";
  private static final String OTHER = "hub.H44";
  private static final Duration LEASE = Duration.ofMinutes(1);

  @Parameter Engine engine;

  private MessageStore store;
  private TestDatabases databases;
  private String url;

  @BeforeEach
  void open(TestDatabases databases, @TempDir Path dir) {
    this.databases = databases;
    url = databases.newUrl(engine, dir);
    store = TestDatabases.open(engine, url);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private MessageRecord queued(String messageId) {
    return ((StoreOutcome.Stored)
            store.store(
                edoc(A, messageId, A + ",2025/03/01," + messageId)
                    .businessType(0)
                    .queued(B, HUB)
                    .queued(C, OTHER)
                    .to(LOCAL)
                    .build()))
        .message();
  }

  @Test
  void storingEnqueuesOneForwardPerNextNodeAndClaimsAreExclusiveUntilTheLeasePasses() {
    MessageRecord m = queued("m1");
    List<OutboundClaim> claims = store.claimForwards(HUB, T0, LEASE, 10);
    assertEquals(1, claims.size());
    OutboundClaim claim = claims.get(0);
    assertEquals(m.id(), claim.message().id());
    assertEquals(List.of(B), claim.recipients());
    assertEquals(0, claim.attempts());
    assertEquals(HUB, claim.nextNode());
    // Claimed: nobody else gets it while the lease runs.
    assertEquals(List.of(), store.claimForwards(HUB, T0.plusSeconds(59), LEASE, 10));
    // The other next node is a separate forward.
    assertEquals(List.of(C), store.claimForwards(OTHER, T0, LEASE, 10).get(0).recipients());
    // After the lease anybody may take it over; the first holder can then no longer finish it.
    OutboundClaim takeover = store.claimForwards(HUB, T0.plusSeconds(61), LEASE, 10).get(0);
    assertFalse(store.finishForward(claim, sent(T0.plusSeconds(62), B)));
    assertTrue(store.finishForward(takeover, sent(T0.plusSeconds(63), B)));
    assertFalse(store.finishForward(takeover, sent(T0.plusSeconds(64), B)), "finished once");
    assertEquals(List.of(), store.claimForwards(HUB, T0.plusSeconds(3600), LEASE, 10));
    MessageRecord after = store.messageFromSender(A, "m1").orElseThrow();
    assertEquals(DeliveryState.FORWARDED, state(after, B));
    assertEquals(DeliveryState.QUEUED, state(after, C));
    assertEquals(DeliveryState.DELIVERED, state(after, LOCAL));
    assertEquals(1, store.forwards(OutboundState.SENT, HUB, 10).size());
    assertEquals(1, store.forwards(OutboundState.SENT, HUB, 10).get(0).attempts());
    assertTrue(
        store.traces(after.documentId()).stream()
            .anyMatch(t -> t.value().equals("forwarded") && t.recipient().equals(B)));
    // A queued message is not in anybody's mailbox on this node.
    assertTrue(store.messageForRecipient(B, "m1").isEmpty());
    assertEquals(
        Map.of(HUB, Set.of(B), OTHER, Set.of(C)), store.forwardRecipients(after.documentId()));
  }

  @Test
  void aRetryIsDueAfterItsBackoffAndADeadLetterCanBeReplayed() {
    queued("m2");
    OutboundClaim first = store.claimForwards(HUB, T0, LEASE, 1).get(0);
    Instant retryAt = T0.plusSeconds(10);
    assertTrue(
        store.finishForward(
            first,
            new ForwardOutcome(
                OutboundState.PENDING,
                T0.plusSeconds(1),
                retryAt,
                "refused",
                Map.of(),
                List.of())));
    assertEquals(List.of(), store.claimForwards(HUB, T0.plusSeconds(9), LEASE, 1));
    OutboundClaim second = store.claimForwards(HUB, retryAt, LEASE, 1).get(0);
    assertEquals(1, second.attempts());
    assertTrue(
        store.finishForward(
            second,
            new ForwardOutcome(
                OutboundState.DEAD,
                retryAt,
                null,
                "gave up",
                Map.of(B, DeliveryState.DEAD_LETTER),
                List.of())));
    List<OutboundRecord> dead = store.forwards(OutboundState.DEAD, null, 10);
    assertEquals(1, dead.size());
    assertEquals("m2", dead.get(0).messageId());
    assertEquals(A, dead.get(0).sender());
    assertEquals(List.of(B), dead.get(0).recipients());
    assertEquals(2, dead.get(0).attempts());
    assertEquals("gave up", dead.get(0).lastError());
    assertEquals(List.of(), store.claimForwards(HUB, T0.plusSeconds(3600), LEASE, 1));
    assertEquals(
        DeliveryState.DEAD_LETTER, state(store.messageFromSender(A, "m2").orElseThrow(), B));

    assertEquals(0, store.replayDeadLetters(A, "other", null, T0.plusSeconds(100)));
    assertEquals(1, store.replayDeadLetters(A, "m2", null, T0.plusSeconds(100)));
    assertEquals(0, store.replayDeadLetters(null, null, null, T0.plusSeconds(100)));
    assertEquals(DeliveryState.QUEUED, state(store.messageFromSender(A, "m2").orElseThrow(), B));
    OutboundClaim replayed = store.claimForwards(HUB, T0.plusSeconds(100), LEASE, 1).get(0);
    assertEquals(0, replayed.attempts());
    assertEquals(List.of(B), replayed.recipients());
  }

  @Test
  void releasedClaimsAreDueAgainAtOnce() {
    queued("m3");
    OutboundClaim claim = store.claimForwards(HUB, T0, LEASE, 1).get(0);
    store.releaseClaims(List.of(claim));
    OutboundClaim again = store.claimForwards(HUB, T0, LEASE, 1).get(0);
    assertEquals(0, again.attempts());
    assertEquals(1, store.releaseAllClaims());
    assertEquals(1, store.claimForwards(HUB, T0, LEASE, 1).size());
  }

  /** Claimers on several connections (nodes of a cluster) never get the same forward twice. */
  @Test
  void concurrentClaimersShareTheQueueWithoutOverlap() throws Exception {
    int messages = 30;
    for (int i = 0; i < messages; i++) {
      queued("c" + i);
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<MessageStore> stores = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        // PostgreSQL: separate stores = separate pools, like separate nodes. H2 file: one process
        // owns the file, so the claimers share the store (its pool hands out separate connections).
        stores.add(engine == Engine.POSTGRESQL ? TestDatabases.open(engine, url) : store);
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (MessageStore s : stores) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<String> mine = new ArrayList<>();
                  for (int round = 0; round < 100; round++) {
                    List<OutboundClaim> c = s.claimForwards(HUB, T0, LEASE, 2);
                    if (c.isEmpty()) {
                      break;
                    }
                    for (OutboundClaim claim : c) {
                      mine.add(claim.message().messageId());
                    }
                  }
                  return mine;
                }));
      }
      go.countDown();
      List<String> all = Collections.synchronizedList(new ArrayList<>());
      for (Future<List<String>> f : results) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(messages, all.size(), "every forward claimed: " + all);
      assertEquals(messages, new HashSet<>(all).size(), "no forward claimed twice: " + all);
    } finally {
      pool.shutdownNow();
      for (MessageStore s : stores) {
        if (s != store) {
          s.close();
        }
      }
    }
  }

  private static ForwardOutcome sent(Instant at, String recipient) {
    return new ForwardOutcome(
        OutboundState.SENT,
        at,
        null,
        null,
        Map.of(recipient, DeliveryState.FORWARDED),
        List.of(
            new TraceRecord(
                A + ",2025/03/01,m1",
                recipient,
                at,
                TraceRecord.Kind.TRANSPORT,
                "forwarded",
                A,
                "NODE.TEST",
                "m1",
                "to node " + HUB)));
  }

  private static DeliveryState state(MessageRecord m, String recipient) {
    return m.deliveries().stream()
        .filter(d -> d.recipient().equals(recipient))
        .findFirst()
        .orElseThrow()
        .state();
  }
}
