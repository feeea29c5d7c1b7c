package vn.edxml.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRoundsTest {

  @Test
  void eachRoundTurnsTheOrderByOnePlace() {
    List<String> targets = List.of("node", "cxf-wss4j", "cxf-plain");
    assertEquals(targets, Bench.turned(targets, 0));
    assertEquals(List.of("cxf-wss4j", "cxf-plain", "node"), Bench.turned(targets, 1));
    assertEquals(List.of("cxf-plain", "node", "cxf-wss4j"), Bench.turned(targets, 2));
    // With as many rounds as targets, each target ran first once; then it starts over.
    assertEquals(targets, Bench.turned(targets, 3));
    assertEquals(List.of("node"), Bench.turned(List.of("node"), 5));
    assertEquals(List.of(), Bench.turned(List.of(), 1));
  }

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertNull(Bench.median(List.of()));
    assertEquals(0.48, Bench.median(List.of(0.48)));
    assertEquals(0.50, Bench.median(List.of(0.57, 0.40, 0.50)));
    assertEquals(0.45, Bench.median(List.of(0.50, 0.40)), 1e-12);
    assertEquals(2.5, Bench.median(List.of(4.0, 1.0, 3.0, 2.0)), 1e-12);
  }
}
