package vn.edxml.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimestampReplayCacheTest {

  private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(360);

  /** A clock the test moves by hand. */
  private static final class Manual extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void anEntryIsKeptUntilItsExpiresAndNotAfter() {
    Manual clock = new Manual();
    TimestampReplayCache cache = new TimestampReplayCache(WINDOW, clock);
    cache.add("created-a|sig-a", T0.plusSeconds(300));
    assertTrue(cache.contains("created-a|sig-a"));
    assertFalse(cache.contains("created-b|sig-b"));

    clock.now = T0.plusSeconds(300);
    assertTrue(cache.contains("created-a|sig-a"), "still there at its Expires");
    clock.now = T0.plusSeconds(301);
    assertFalse(cache.contains("created-a|sig-a"), "gone once the Timestamp has expired");
  }

  @Test
  void anExpiresBeyondTheWindowIsKeptForTheWholeWindowOnly() {
    Manual clock = new Manual();
    TimestampReplayCache cache = new TimestampReplayCache(WINDOW, clock);
    // A sender may write an Expires a day ahead; freshness still refuses the Created after the
    // window, so the entry must last the window: not five minutes, not a day.
    cache.add("far", T0.plus(Duration.ofDays(1)));
    cache.add("none", null);
    cache.add("past", T0.minusSeconds(10));

    clock.now = T0.plus(WINDOW);
    assertTrue(cache.contains("far"));
    assertTrue(cache.contains("none"));
    assertTrue(cache.contains("past"), "an Expires already past keeps the whole window");

    clock.now = T0.plus(WINDOW).plusMillis(1);
    assertFalse(cache.contains("far"));
    assertFalse(cache.contains("none"));
    assertFalse(cache.contains("past"));
  }

  @Test
  void aSecondAddNeverShortensAnEntry() {
    Manual clock = new Manual();
    TimestampReplayCache cache = new TimestampReplayCache(WINDOW, clock);
    cache.add("id", T0.plusSeconds(200));
    cache.add("id", T0.plusSeconds(50));
    clock.now = T0.plusSeconds(150);
    assertTrue(cache.contains("id"));
  }

  @Test
  void expiredEntriesArePurgedWithoutTouchingLiveOnes() {
    Manual clock = new Manual();
    TimestampReplayCache cache = new TimestampReplayCache(WINDOW, clock);
    for (int i = 0; i < 1_000; i++) {
      cache.add("old-" + i, T0.plusSeconds(10));
    }
    cache.add("young", T0.plusSeconds(300));
    assertEquals(1_001, cache.size());

    clock.now = T0.plusSeconds(11);
    cache.add("trigger", null);
    assertEquals(2, cache.size(), "the thousand expired entries are purged by the next add");
    assertTrue(cache.contains("young"));
    assertTrue(cache.contains("trigger"));
  }

  @Test
  void emptyIdentifiersAndBadWindowsAreRefused() {
    TimestampReplayCache cache = new TimestampReplayCache(WINDOW);
    cache.add(null, null);
    cache.add("", null);
    assertEquals(0, cache.size());
    assertFalse(cache.contains(null));
    assertThrows(IllegalArgumentException.class, () -> new TimestampReplayCache(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new TimestampReplayCache(Duration.ofSeconds(-1)));
  }

  @Test
  void concurrentAddsLoseNothing() throws Exception {
    TimestampReplayCache cache = new TimestampReplayCache(WINDOW);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] done = new Future<?>[4];
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done[t] =
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    cache.add(thread + "-" + i, Instant.now().plusSeconds(60));
                  }
                });
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(20_000, cache.size());
    for (int t = 0; t < 4; t++) {
      assertTrue(cache.contains(t + "-4999"));
    }
  }

  @Test
  void everyPartyGetsItsOwnCache() {
    Map<String, Object> a = properties();
    Map<String, Object> b = properties();
    Object cacheA = a.get(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_CACHE_INSTANCE);
    Object cacheB = b.get(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_CACHE_INSTANCE);
    assertTrue(cacheA instanceof TimestampReplayCache);
    assertTrue(cacheA != cacheB, "a cache is not shared between two parties");
    assertEquals(
        "true", a.get(org.apache.cxf.ws.security.SecurityConstants.ENABLE_TIMESTAMP_CACHE));
  }

  private static Map<String, Object> properties() {
    return WsSecurityProperties.signing(
        null,
        "key",
        "pw".toCharArray(),
        "RSA",
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        false);
  }
}
