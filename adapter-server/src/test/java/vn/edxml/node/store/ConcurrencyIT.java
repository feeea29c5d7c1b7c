package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.edxml.node.store.Fixtures.edoc;
import static vn.edxml.node.store.Fixtures.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Races the uniqueness rules: N threads released together by a latch, every round on fresh ids.
 * Each round must finish within a bounded time (no deadlock, no lock-timeout failure).
 */
@ParameterizedClass
@EnumSource(Engine.class)
@ExtendWith(TestDatabases.class)
class ConcurrencyIT {

  private static final int THREADS = 8;
  private static final int ROUNDS = 20;
  private static final String A = "000.00.00.G22";
  private static final String B = "000.00.00.H29";

  @Parameter Engine engine;

  private MessageStore store;
  private ExecutorService pool;

  @BeforeEach
  void open(TestDatabases databases, @TempDir Path dir) {
    store = TestDatabases.open(engine, databases.newUrl(engine, dir));
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  void concurrentDuplicatesStoreExactlyOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String id = "dup-" + round;
      List<StoreOutcome> outcomes =
          race(i -> () -> store.store(edoc(A, id, "DOC-" + id).to(B).traceAccepted().build()));

      Map<Class<?>, Long> kinds = countByKind(outcomes);
      assertEquals(1L, kinds.get(StoreOutcome.Stored.class), () -> "round " + id + ": " + kinds);
      assertEquals(THREADS - 1L, kinds.get(StoreOutcome.Duplicate.class), kinds::toString);
      MessageRecord stored =
          outcomes.stream()
              .filter(o -> o instanceof StoreOutcome.Stored)
              .map(o -> ((StoreOutcome.Stored) o).message())
              .findFirst()
              .orElseThrow();
      for (StoreOutcome o : outcomes) {
        if (o instanceof StoreOutcome.Duplicate d) {
          assertEquals(stored, d.original());
        }
      }
      assertEquals(1, store.traces("DOC-" + id).size());
    }
    assertEquals(ROUNDS, store.stats().messages());
    assertEquals(ROUNDS, store.pending(B, null, 100).size());
  }

  @Test
  void concurrentNewDocumentsWithOneDocumentIdStoreOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String doc = "DOC-" + round;
      List<StoreOutcome> outcomes =
          race(i -> () -> store.store(edoc(A, doc + "-m" + i, doc).to(B).build()));

      Map<Class<?>, Long> kinds = countByKind(outcomes);
      assertEquals(1L, kinds.get(StoreOutcome.Stored.class), kinds::toString);
      assertEquals(THREADS - 1L, kinds.get(StoreOutcome.DocumentExists.class), kinds::toString);
      String winner =
          outcomes.stream()
              .filter(o -> o instanceof StoreOutcome.Stored)
              .map(o -> ((StoreOutcome.Stored) o).message().messageId())
              .findFirst()
              .orElseThrow();
      for (StoreOutcome o : outcomes) {
        if (o instanceof StoreOutcome.DocumentExists d) {
          assertEquals(new StoreOutcome.DocumentExists(doc, winner), d);
        }
      }
    }
    assertEquals(ROUNDS, store.stats().messages());
  }

  @Test
  void concurrentStatusOnceKeysStoreOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String doc = "DOC-" + round;
      List<StoreOutcome> outcomes =
          race(
              i ->
                  () ->
                      store.store(status(B, doc + "-s" + i, doc, "01").to(A).statusOnce().build()));

      Map<Class<?>, Long> kinds = countByKind(outcomes);
      assertEquals(1L, kinds.get(StoreOutcome.Stored.class), kinds::toString);
      assertEquals(THREADS - 1L, kinds.get(StoreOutcome.StatusExists.class), kinds::toString);
    }
    assertEquals(ROUNDS, store.stats().messages());
  }

  @Test
  void concurrentConfirmationsConfirmOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String id = "c-" + round;
      store.store(edoc(A, id, "DOC-" + id).to(B).build());
      Instant at = Fixtures.T0.plusSeconds(round);
      List<Confirmation> confirmations =
          race(i -> () -> store.confirm(B, id, at.plusMillis(i)).orElseThrow());

      assertEquals(1, confirmations.stream().filter(c -> !c.alreadyConfirmed()).count());
      Instant first =
          confirmations.stream()
              .filter(c -> !c.alreadyConfirmed())
              .findFirst()
              .orElseThrow()
              .confirmedAt();
      confirmations.forEach(c -> assertEquals(first, c.confirmedAt()));
      assertEquals(1, store.traces("DOC-" + id).size());
    }
  }

  private static Map<Class<?>, Long> countByKind(List<StoreOutcome> outcomes) {
    return outcomes.stream()
        .collect(Collectors.groupingBy(Object::getClass, Collectors.counting()))
        .entrySet()
        .stream()
        .collect(Collectors.toMap(e -> (Class<?>) e.getKey(), Map.Entry::getValue));
  }

  /** Runs THREADS tasks released at once; fails if any takes longer than 30 s. */
  private <T> List<T> race(IntFunction<Callable<T>> task) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Callable<T> body = task.apply(i);
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return body.call();
              }));
    }
    ready.await(10, TimeUnit.SECONDS);
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }
}
