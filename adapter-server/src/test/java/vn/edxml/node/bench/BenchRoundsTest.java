package vn.edxml.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.edxml.pki.KeyKind;

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

  @Test
  void aPeriodMeasuredWhileTheJitStillWorkedIsNamed() {
    Bench.Outcome quiet =
        outcome(new Bench.Round(1, List.of(result("node", 0.10), result("cxf-wss4j", Double.NaN))));
    assertNull(BenchReport.stillCompiling(quiet), "10 % is the limit, NaN tells nothing");

    Bench.Outcome busy =
        outcome(
            new Bench.Round(1, List.of(result("node", 0.31), result("cxf-wss4j", 0.05))),
            new Bench.Round(2, List.of(result("cxf-wss4j", 0.12), result("node", 0.0))));
    assertEquals("node #1 (31 %), cxf-wss4j #2 (12 %)", BenchReport.stillCompiling(busy));
    assertEquals(
        "node (31 %)",
        BenchReport.stillCompiling(outcome(new Bench.Round(1, List.of(result("node", 0.31))))));
    // The ratio is the median of the rounds' ratios: 100/200 and 150/100.
    Bench.Outcome two =
        outcome(
            new Bench.Round(1, List.of(result("node", 100, 0), result("cxf-wss4j", 200, 0))),
            new Bench.Round(2, List.of(result("cxf-wss4j", 100, 0), result("node", 150, 0))));
    assertEquals(1.0, two.nodeOver(Bench.Target.SIGNED_BASELINE), 1e-12);
    assertEquals(125.0, two.perSecond(Bench.Target.NODE), 1e-12);
    assertNull(two.nodeOver(Bench.Target.PLAIN_BASELINE));
  }

  private static Bench.Outcome outcome(Bench.Round... rounds) {
    Bench.Options options =
        new Bench.Options(
            Bench.Mode.SEND,
            8,
            Duration.ofSeconds(60),
            Duration.ofSeconds(45),
            2048,
            0,
            List.of(Bench.Target.NODE, Bench.Target.SIGNED_BASELINE),
            KeyKind.RSA_2048,
            Duration.ZERO,
            Path.of("unused"),
            null,
            rounds.length);
    return new Bench.Outcome(options, 2048, null, List.of(rounds), "java", "machine");
  }

  private static LoadRun.Result result(String target, double jitShare) {
    return result(target, 100, jitShare);
  }

  private static LoadRun.Result result(String target, double perSecond, double jitShare) {
    return new LoadRun.Result(
        target,
        8,
        45,
        (long) (perSecond * 45),
        perSecond,
        new LoadRun.Latency(1, 1, 1, 1, 1),
        Map.of(),
        Map.of(),
        0,
        jitShare);
  }
}
