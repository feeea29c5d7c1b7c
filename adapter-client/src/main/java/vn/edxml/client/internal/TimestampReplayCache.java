package vn.edxml.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.wss4j.common.cache.ReplayCache;

/**
 * WSS4J's replay cache for signed Timestamps, in memory, kept exactly as long as a replay could
 * still pass the freshness check.
 *
 * <p>WSS4J asks {@link #contains} and then calls {@link #add} with the Timestamp's Expires for
 * every verified message. A Timestamp accepted now stays acceptable until its Expires, and never
 * longer than {@code window} (the accepted age plus the accepted clock skew into the future): its
 * Created lies at most the skew ahead and is refused once it is older than the age. So an entry is
 * kept until the earlier of the two. No entry is dropped before then, whatever the load, and none
 * is kept after: memory is the verified message rate times the window.
 *
 * <p>CXF's default, an EHCache with a disk tier, serialised every entry into a file-backed store
 * (2.5 % of the node's CPU under load) and left a {@code cxf<digits>} folder in the temporary
 * folder for every node endpoint and every client, never removed. WSS4J's own {@code
 * MemoryReplayCache} keeps only five minutes for an Expires more than an hour ahead. This cache is
 * per process: across a restart or a second node the durable (sender, message id) record of the
 * store is the barrier.
 */
public final class TimestampReplayCache implements ReplayCache {

  private static final long PURGE_EVERY_MILLIS = 1_000;

  private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
  private final ReentrantLock purging = new ReentrantLock();
  private final long windowMillis;
  private final Clock clock;
  private volatile long nextPurge;

  /**
   * @param window the longest time a Timestamp accepted now can stay acceptable: the accepted age
   *     plus the accepted clock skew into the future
   */
  public TimestampReplayCache(Duration window) {
    this(window, Clock.systemUTC());
  }

  TimestampReplayCache(Duration window, Clock clock) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the replay window must be positive: " + window);
    }
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  @Override
  public void add(String identifier) {
    add(identifier, null);
  }

  @Override
  public void add(String identifier, Instant expiry) {
    if (identifier == null || identifier.isEmpty()) {
      return;
    }
    long now = clock.millis();
    long latest = now + windowMillis;
    // An Expires ahead shortens the entry; none, or one already past (the freshness check refuses
    // those, so this is only a late call), keeps the whole window.
    long until =
        expiry == null || expiry.toEpochMilli() < now
            ? latest
            : Math.min(latest, expiry.toEpochMilli());
    expiries.merge(identifier, until, Math::max);
    purgeExpired(now);
  }

  @Override
  public boolean contains(String identifier) {
    if (identifier == null) {
      return false;
    }
    Long until = expiries.get(identifier);
    return until != null && until >= clock.millis();
  }

  /** Entries currently held, expired ones not yet purged included. */
  int size() {
    return expiries.size();
  }

  @Override
  public void close() {
    expiries.clear();
  }

  /** At most once a second, by whichever thread adds first; the others do not wait for it. */
  private void purgeExpired(long now) {
    if (now < nextPurge || !purging.tryLock()) {
      return;
    }
    try {
      if (now >= nextPurge) {
        expiries.values().removeIf(until -> until < now);
        nextPurge = now + PURGE_EVERY_MILLIS;
      }
    } finally {
      purging.unlock();
    }
  }
}
