package vn.edxml.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vn.edxml.node.store.StoreStats;

/**
 * The store gauges of /metrics: the message count is read at every scrape; the payload total is
 * exact on a small store and, on a large one, summed in the background so that a scrape never waits
 * for a read of every message row.
 */
class NodeMetricsTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @Test
  void aSmallStoreGetsExactFiguresAtEveryScrape() {
    AtomicLong messages = new AtomicLong(3);
    AtomicLong bytes = new AtomicLong(3_000);
    NodeMetrics metrics =
        new NodeMetrics(
            messages::get,
            () -> new StoreStats(messages.get(), bytes.get()),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    assertEquals(3, gauge(metrics.scrape(), "edxml_store_messages"));
    assertEquals(3_000, gauge(metrics.scrape(), "edxml_store_payload_bytes"));
    messages.set(4);
    bytes.set(4_500);
    String now = metrics.scrape();
    assertEquals(4, gauge(now, "edxml_store_messages"));
    assertEquals(4_500, gauge(now, "edxml_store_payload_bytes"));
  }

  @Test
  void aLargeStoreIsSummedInTheBackgroundAtMostOnceAMinute() throws Exception {
    long large = NodeMetrics.EXACT_PAYLOAD_TOTAL_UP_TO + 1;
    AtomicLong bytes = new AtomicLong(7_000_000);
    AtomicInteger sums = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    MovableClock clock = new MovableClock();
    NodeMetrics metrics =
        new NodeMetrics(
            () -> large,
            () -> {
              sums.incrementAndGet();
              try {
                release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new StoreStats(large, bytes.get());
            },
            clock);
    // The sum is slow (held by the latch): the scrape answers at once, without the total.
    String first = assertTimeoutPreemptively(Duration.ofSeconds(5), metrics::scrape);
    assertEquals(large, gauge(first, "edxml_store_messages"));
    assertFalse(first.contains("edxml_store_payload_bytes "), first);
    release.countDown();
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          while (!metrics.scrape().contains("edxml_store_payload_bytes ")) {
            Thread.sleep(10);
          }
        });
    assertEquals(7_000_000, gauge(metrics.scrape(), "edxml_store_payload_bytes"));
    assertEquals(1, sums.get(), "one sum while the last is less than a minute old");

    bytes.set(8_000_000);
    clock.advance(NodeMetrics.PAYLOAD_TOTAL_MAX_AGE.plusSeconds(1));
    // The stale figure is shown while the new sum runs, then the new one.
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          while (gauge(metrics.scrape(), "edxml_store_payload_bytes") != 8_000_000) {
            Thread.sleep(10);
          }
        });
    assertEquals(2, sums.get());
  }

  @Test
  void aStoreThatDoesNotAnswerLeavesOutTheStoreGauges() {
    NodeMetrics metrics =
        new NodeMetrics(
            () -> {
              throw new IllegalStateException("store closed");
            },
            () -> {
              throw new IllegalStateException("store closed");
            },
            Clock.systemUTC());
    metrics.messageIn("edoc");
    String scrape = metrics.scrape();
    assertTrue(scrape.contains("edxml_messages_in_total{type=\"edoc\"} 1"), scrape);
    assertFalse(scrape.contains("edxml_store_"), scrape);
  }

  private static long gauge(String scrape, String name) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing in:\n" + scrape));
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
