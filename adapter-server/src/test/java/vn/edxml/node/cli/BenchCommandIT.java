package vn.edxml.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of {@code bench} with tiny durations, so the tool cannot rot: every target answers,
 * no unit fails, the report and the JSON hold what BENCHMARKS.md says they hold. No figure is
 * asserted beyond "something was measured": the machine running the tests is not quiet.
 */
class BenchCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sendModeDrivesTheNodeAndBothBaselinesAndReportsRatios() throws Exception {
    Path dir = CliRun.freshDir("bench-send");
    Path json = Files.createDirectories(dir).resolve("bench.json");
    CliRun.Result r =
        new CliRun()
            .run(
                "bench",
                "--clients",
                "2",
                "--warmup",
                "1s",
                "--duration",
                "2s",
                "--crypto-time",
                "200ms",
                "--dir",
                dir.resolve("work").toString(),
                "--json",
                json.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("node / cxf-wss4j"), r.out());
    assertTrue(r.out().contains("crypto only (SHA256withRSA"), r.out());
    assertTrue(r.out().contains("JIT compiling during each measured period"), r.out());
    assertTrue(r.err().contains("measured"), "progress lines: " + r.err());

    JsonNode result = JSON.readTree(json.toFile());
    assertEquals("send", result.get("mode").asText());
    assertEquals(2, result.get("clients").asInt());
    assertTrue(result.get("packageBytes").asLong() > 1500, result.toString());
    List<String> targets = new ArrayList<>();
    for (JsonNode t : result.get("targets")) {
      targets.add(t.get("target").asText());
      assertTrue(t.get("units").asLong() > 0, t.toString());
      assertEquals(0, t.get("errors").size(), t.toString());
      // HotSpot reports its compilers' time: a share for every measured period.
      assertTrue(t.get("jitShareMeasured").asDouble(-1) >= 0, t.toString());
      JsonNode latency = t.get("latencyMs");
      assertEquals(t.get("units").asLong(), latency.get("count").asLong(), t.toString());
      assertTrue(latency.get("p50").asDouble() <= latency.get("p99").asDouble(), t.toString());
      assertTrue(latency.get("p99").asDouble() <= latency.get("max").asDouble(), t.toString());
    }
    assertEquals(List.of("node", "cxf-wss4j", "cxf-plain"), targets);
    assertEquals(1, result.get("rounds").asInt());
    assertEquals(1, result.get("ratiosByRound").size(), result.toString());
    assertTrue(result.get("ratios").get("nodeOverCxfWss4j").asDouble() > 0, result.toString());
    assertTrue(result.get("ratios").get("nodeOverCryptoBound").asDouble() > 0, result.toString());
    JsonNode crypto = result.get("crypto");
    assertTrue(crypto.get("signsPerSecond").asDouble() > 0, crypto.toString());
    assertTrue(
        crypto.get("roundTripBoundPerSecond").asDouble()
            < crypto.get("signsPerSecond").asDouble() * 4,
        crypto.toString());
  }

  @Test
  void severalRoundsTurnTheOrderAndReportMedians() throws Exception {
    Path dir = CliRun.freshDir("bench-rounds");
    Path json = Files.createDirectories(dir).resolve("bench.json");
    CliRun.Result r =
        new CliRun()
            .run(
                "bench",
                "--targets",
                "node,cxf-wss4j",
                "--rounds",
                "2",
                "--clients",
                "2",
                "--warmup",
                "0",
                "--duration",
                "1s",
                "--crypto-time",
                "0",
                "--dir",
                dir.resolve("work").toString(),
                "--json",
                json.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("medians of 2 rounds: node "), r.out());
    assertTrue(r.out().contains("(median; rounds: "), r.out());
    assertTrue(r.err().contains("round 2 of 2, node:"), "progress lines: " + r.err());

    JsonNode result = JSON.readTree(json.toFile());
    assertEquals(2, result.get("rounds").asInt());
    List<String> order = new ArrayList<>();
    double[] node = new double[2];
    double[] baseline = new double[2];
    for (JsonNode t : result.get("targets")) {
      int round = t.get("round").asInt();
      order.add(t.get("target").asText() + " #" + round);
      double perSecond = t.get("unitsPerSecond").asDouble();
      assertTrue(perSecond > 0, t.toString());
      (t.get("target").asText().equals("node") ? node : baseline)[round - 1] = perSecond;
    }
    // The second round runs the baseline first.
    assertEquals(List.of("node #1", "cxf-wss4j #1", "cxf-wss4j #2", "node #2"), order);
    JsonNode byRound = result.get("ratiosByRound");
    assertEquals(2, byRound.size(), byRound.toString());
    for (int i = 0; i < 2; i++) {
      assertEquals(i + 1, byRound.get(i).get("round").asInt());
      assertEquals(node[i] / baseline[i], byRound.get(i).get("nodeOverCxfWss4j").asDouble(), 0.002);
    }
    // Two rounds: the median is the mean of the two. (The JSON keeps three decimals.)
    assertEquals(
        (node[0] / baseline[0] + node[1] / baseline[1]) / 2,
        result.get("ratios").get("nodeOverCxfWss4j").asDouble(),
        0.002);
    assertEquals(
        (node[0] + node[1]) / 2, result.get("unitsPerSecondMedian").get("node").asDouble(), 0.002);
    assertTrue(result.get("ratios").get("nodeOverCxfPlain").isNull(), result.toString());
  }

  @Test
  void cycleModeTimesEveryOperationOfTheTrip() throws Exception {
    Path dir = CliRun.freshDir("bench-cycle");
    Path json = Files.createDirectories(dir).resolve("bench.json");
    CliRun.Result r =
        new CliRun()
            .run(
                "bench",
                "--mode",
                "cycle",
                "--targets",
                "node",
                "--clients",
                "2",
                "--warmup",
                "0",
                "--duration",
                "2s",
                "--crypto-time",
                "0",
                "--attachment-size",
                "40KB",
                "--dir",
                dir.resolve("work").toString(),
                "--json",
                json.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode node = JSON.readTree(json.toFile()).get("targets").get(0);
    assertEquals("node", node.get("target").asText());
    assertTrue(node.get("units").asLong() > 0, node.toString());
    List<String> ops = new ArrayList<>();
    node.get("operations").fieldNames().forEachRemaining(ops::add);
    assertEquals(
        List.of(
            "SendDocument", "GetPendingDocuments", "GetDocument", "ConfirmReceived", "SendStatus"),
        ops);
    assertEquals(0, node.get("errors").size(), node.toString());
  }

  @Test
  void badOptionsAreUsageErrorsThatSayWhatToWrite() {
    CliRun.Result r = new CliRun().run("bench", "--mode", "fast");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--mode: fast — use send or cycle"), r.err());
    r = new CliRun().run("bench", "--warmup", "soon");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("write a duration such as"), r.err());
    r = new CliRun().run("bench", "--rounds", "0");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--rounds: 0 — use 1 to 20"), r.err());
    r = new CliRun().run("bench", "--targets", "node,nginx");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("use node, cxf-wss4j and/or cxf-plain"), r.err());
  }
}
