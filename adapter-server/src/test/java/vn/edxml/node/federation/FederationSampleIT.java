package vn.edxml.node.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code samples/federation/run.sh} as a user would (four node processes, a document across
 * them, statuses back), with the build's classes instead of the jar, so the sample cannot rot.
 */
class FederationSampleIT {

  @Test
  void theSampleScriptDeliversAcrossFourNodeProcesses() throws Exception {
    Path script = Path.of("..", "samples", "federation", "run.sh").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(script), script.toString());
    Path work =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("federation-sample-" + UUID.randomUUID());
    Path output = work.resolveSibling(work.getFileName() + ".out");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), work.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put("EDXML_NODE_CLASSPATH", classpath);
    pb.environment().put("EDXML_SAMPLE_TIMEOUT", "150");
    pb.environment()
        .put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    Process p = pb.start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(done, "the sample did not finish in time:\n" + out);
    assertEquals(0, p.exitValue(), out);
    for (String expected :
        List.of(
            "OK: delivered across 4 nodes",
            "xa.H41.01",
            "hub.national",
            "statuses in 000.46.24.H41's mailbox at node xa.H41.01: [01, 03, 06]")) {
      assertTrue(out.contains(expected), expected + " in:\n" + out);
    }
    // The trap stopped every node process.
    assertTrue(p.descendants().findAny().isEmpty(), "node processes left running");
  }
}
