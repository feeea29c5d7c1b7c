package vn.edxml.node.bench.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import vn.edxml.node.cli.CliFailure;

/**
 * {@code bench-file} end to end with a small attachment: a node and a client in child JVMs with
 * -Xmx256m, the attachment's SHA-256 the same after send and fetch, a byte changed after signing
 * refused with payload_digest_mismatch and nothing stored, the JSON report complete, the work
 * folder removed. No timing is asserted: the figures only have to be there.
 */
class LargeFileSmokeIT {

  private static final long SIZE = 8L << 20;

  @Test
  void smallAttachmentRoundTripAndTamperCheck() throws Exception {
    Path base =
        Path.of(System.getProperty("java.io.tmpdir")).resolve("bench-file-" + System.nanoTime());
    Path work = base.resolve("work");
    Path json = base.resolve("report.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new LargeFileCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int exit;
    String report;
    try {
      exit =
          cl.execute(
              "--size",
              "8MiB",
              "--dir",
              work.toString(),
              "--json",
              json.toString(),
              "--timeout",
              "10");
      report = Files.exists(json) ? Files.readString(json, StandardCharsets.UTF_8) : "";
    } finally {
      Files.deleteIfExists(json);
      Files.deleteIfExists(base);
    }

    assertEquals(0, exit, () -> out + "\n" + err);
    assertTrue(out.toString().contains("all checks passed"), out::toString);
    assertFalse(Files.exists(work), "the work folder is deleted without --keep");

    JsonNode r = new ObjectMapper().readTree(report);
    assertTrue(r.get("ok").asBoolean());
    assertEquals(SIZE, r.get("sizeBytes").asLong());
    assertTrue(r.get("packageBytes").asLong() > SIZE * 4 / 3, "base64 makes the package larger");
    assertEquals("256m", r.get("heapLimit").asText());
    assertTrue(r.get("warmupSeconds").isNumber());
    assertTrue(r.get("machine").get("processors").asInt() >= 1);
    assertTrue(r.get("machine").has("loadAverageBefore"));
    assertTrue(r.get("machine").has("cpuPressurePercentAfter"));

    for (String step :
        List.of(
            "generate",
            "prepare",
            "send",
            "fetch",
            "extract",
            "verify",
            "sendFetch",
            "prepareSendFetchExtract")) {
      JsonNode s = r.get("steps").get(step);
      assertNotNull(s, step);
      assertTrue(s.get("seconds").isNumber(), step);
      assertTrue(s.get("attachmentMBps").isNumber(), step);
      assertTrue(s.has("packageMBps"), step);
    }
    assertTrue(r.get("steps").get("send").get("packageMBps").isNumber());
    assertTrue(r.get("steps").get("generate").get("packageMBps").isNull());
    JsonNode alone = r.get("machineAlone");
    assertEquals(r.get("packageBytes").asLong(), alone.get("fileBytes").asLong());
    assertTrue(alone.get("writeForceSeconds").asDouble() > 0, alone::toString);
    assertTrue(alone.get("readSha256Seconds").asDouble() > 0, alone::toString);
    assertEquals(
        2 * alone.get("writeForceSeconds").asDouble(),
        alone.get("sendFetchFloorSeconds").asDouble(),
        0.002, // the report rounds to milliseconds
        alone::toString);
    assertTrue(out.toString().contains("this machine alone"), out::toString);

    JsonNode integrity = r.get("integrity");
    String sent = integrity.get("attachmentSha256").asText();
    assertTrue(sent.matches("[0-9a-f]{64}"), sent);
    assertEquals(sent, integrity.get("receivedSha256").asText());
    assertEquals(SIZE, integrity.get("receivedBytes").asLong());
    assertTrue(integrity.get("attachmentMatch").asBoolean());
    assertTrue(integrity.get("packageMatch").asBoolean());

    JsonNode tamper = r.get("tamper");
    assertEquals(SIZE, tamper.get("sizeBytes").asLong(), "the tamper size defaults to the size");
    assertFalse(tamper.get("accepted").asBoolean());
    assertTrue(tamper.get("refused").asBoolean());
    assertEquals("payload_digest_mismatch", tamper.get("code").asText());
    assertTrue(tamper.get("nothingStored").asBoolean());
    assertTrue(tamper.get("faultCounted").asBoolean());
    assertFalse(tamper.get("pendingListed").asBoolean());
    assertEquals(List.of(1L, 1L), longs(tamper.get("storeMessages")));
    assertEquals(List.of(0L, 1L), longs(tamper.get("digestMismatchFaults")));
    List<Long> payloadBytes = longs(tamper.get("storePayloadBytes"));
    assertEquals(payloadBytes.get(0), payloadBytes.get(1));
    assertEquals(r.get("packageBytes").asLong(), payloadBytes.get(0));
    long offset = tamper.get("changedOffset").asLong();
    assertTrue(tamper.get("changedAfterBytesSent").asLong() < offset, "changed before it was sent");

    for (String jvm : List.of("node", "client")) {
      JsonNode h = r.get("heap").get(jvm);
      assertTrue(h.get("peakUsedBytes").asLong() > 0, jvm);
      assertTrue(h.get("peakUsedBytes").asLong() <= 256L << 20, jvm);
      assertTrue(h.get("collections").asInt() >= 0, jvm);
      assertTrue(h.get("exitLogged").asBoolean(), jvm + " stopped cleanly and logged its heap");
    }
    assertTrue(r.get("heap").get("client").get("poolPeakSumBytes").asLong() > 0);
    assertEquals(0, r.get("problems").size(), r.get("problems")::toString);
  }

  @Test
  void sizesUseBinaryUnitsAndBadOnesAreRefused() {
    assertEquals(1L << 30, LargeFileCommand.bytes("--size", "1GiB"));
    assertEquals(64L << 20, LargeFileCommand.bytes("--size", "64MiB"));
    assertEquals(8L << 20, LargeFileCommand.bytes("--size", "8M"));
    assertEquals(4096, LargeFileCommand.bytes("--size", "4k"));
    assertEquals(1073741824, LargeFileCommand.bytes("--size", "1073741824"));
    assertThrows(CliFailure.class, () -> LargeFileCommand.bytes("--size", "1.5GB"));
    assertThrows(CliFailure.class, () -> LargeFileCommand.bytes("--size", "0"));
    assertThrows(CliFailure.class, () -> LargeFileCommand.bytes("--size", "-1"));
  }

  @Test
  void heapUseIsReadFromTheGcLog() throws Exception {
    Path log = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "gc-", ".log");
    try {
      Files.writeString(
          log,
          String.join(
              "\n",
              "[0.008s][info][gc] Using G1",
              "[1.484s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 12M->4M(256M)"
                  + " 14.440ms",
              "[1.757s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation)"
                  + " 118M->84M(256M) 15.007ms",
              "[1.757s][info][gc] GC(2) Concurrent Undo Cycle",
              "[1.907s][info][gc,heap,exit] Heap",
              "[1.907s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 51200K"
                  + " [0x00000000f0000000, 0x0000000100000000)",
              ""));
      HeapUse h = HeapUse.read(log);
      assertEquals(118L << 20, h.peakUsedBytes());
      assertEquals(84L << 20, h.maxLiveAfterGcBytes());
      assertEquals(256L << 20, h.maxCommittedBytes());
      assertEquals(2, h.collections());
      assertTrue(h.exitLogged());
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> values = new java.util.ArrayList<>();
    array.forEach(n -> values.add(n.asLong()));
    return values;
  }
}
