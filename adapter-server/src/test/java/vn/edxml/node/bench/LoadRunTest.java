package vn.edxml.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadRunTest {

  @Test
  void theProgressLoopWakesAtTheStartAndTheEndOfTheMeasuredPeriod() {
    long from = 10_000_000_000L;
    long end = 20_000_000_000L;
    long every = 5_000_000_000L;
    assertEquals(every, LoadRun.nextWake(0, from, end, false, false), "far before: the interval");
    assertEquals(1_000, LoadRun.nextWake(from - 1_000, from, end, false, false));
    assertEquals(1, LoadRun.nextWake(from + 5, from, end, false, false), "late: at once");
    assertEquals(2_000, LoadRun.nextWake(end - 2_000, from, end, true, false));
    assertEquals(every, LoadRun.nextWake(end - 2_000, from, end, true, true), "both read");
  }
}
