package vn.edxml.node.bench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  private static Latencies millis(long... values) {
    Latencies l = new Latencies(values.length + 5);
    for (long v : values) {
      l.add(v * 1_000_000);
    }
    return l;
  }

  @Test
  void aRangeIsSummarisedOnItsOwnInTheOrderTheSamplesCame() {
    // Slow at first, fast at the end: a run that was not yet steady.
    Latencies l = millis(90, 80, 70, 60, 5, 4, 3, 2, 1, 6);
    Latencies.Summary first = l.summary(0, 3);
    assertEquals(3, first.count());
    assertEquals(80.0, first.p50Ms());
    assertEquals(90.0, first.maxMs());
    assertEquals(80.0, first.meanMs());
    Latencies.Summary last = l.summary(7, 10);
    assertEquals(3, last.count());
    assertEquals(2.0, last.p50Ms());
    assertEquals(6.0, last.maxMs());
    assertEquals(l.summary(), l.summary(0, 10));
  }

  @Test
  void anEmptyRangeIsAllZeroAndARangeOutsideTheSamplesIsRefused() {
    Latencies l = millis(1, 2, 3);
    assertEquals(0, l.summary(2, 2).count());
    assertEquals(0.0, l.summary(2, 2).p99Ms());
    assertThrows(IllegalArgumentException.class, () -> l.summary(0, 4));
    assertThrows(IllegalArgumentException.class, () -> l.summary(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> l.summary(2, 1));
  }
}
