package vn.edxml.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the sample scripts as a user would (bash, the built jars, real processes on 127.0.0.1), so
 * the samples cannot rot. Each run is bounded in time; the scripts stop their processes on exit.
 */
class SampleScriptsIT {

  private static final Path SAMPLES = Path.of(System.getProperty("user.dir"));

  private static String run(String script, Path work) throws IOException, InterruptedException {
    String nodeJar = System.getProperty("edxml.node.jar");
    String clientJar = System.getProperty("edxml.client.jar");
    assumeTrue(
        nodeJar != null && Files.isRegularFile(Path.of(nodeJar)), "node jar not built: " + nodeJar);
    assumeTrue(
        clientJar != null && Files.isRegularFile(Path.of(clientJar)),
        "client jar not built: " + clientJar);
    Path log = work.resolve("script.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of("bash", SAMPLES.resolve(script).toString(), work.resolve("run").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("EDXML_NODE_JAR", nodeJar);
    pb.environment().put("EDXML_JAR", clientJar);
    pb.environment().put("EDXML_SAMPLES_JAR", System.getProperty("edxml.samples.classes"));
    Process p = pb.start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done, "script did not finish in time:\n" + output);
    assertEquals(0, p.exitValue(), "script failed:\n" + output);
    return output;
  }

  private static Path work(String name) throws IOException {
    return Files.createDirectories(
        Path.of(System.getProperty("java.io.tmpdir")).resolve(name + "-" + System.nanoTime()));
  }

  @Test
  void vendorSampleSendsReceivesAndAnswers() throws Exception {
    String out = run("vendor/run.sh", work("vendor"));
    assertTrue(out.contains("A: sent "), out);
    assertTrue(out.contains("B: fetched "), out);
    assertTrue(out.contains("B: status 03 -> "), out);
    assertTrue(out.contains("03"), out);
    assertTrue(out.contains("vendor sample: OK"), out);
  }

  @Test
  void integratorSampleMovesAPackageBetweenAgenciesFoldersAndAStatusBack() throws Exception {
    Path work = work("integrator");
    String out = run("integrator/run.sh", work);
    assertTrue(out.contains("integrator sample: OK"), out);
    Path agencies = work.resolve("run/bridges");
    try (var inbox = Files.list(agencies.resolve("agency-b/inbox"))) {
      assertEquals(1, inbox.filter(f -> f.toString().endsWith(".edxml")).count());
    }
    try (var outbox = Files.list(agencies.resolve("agency-a/outbox"))) {
      assertEquals(0, outbox.count(), "nothing may stay in the outbox");
    }
    try (var status = Files.list(agencies.resolve("agency-a/status"))) {
      assertEquals(1, status.filter(f -> f.toString().endsWith(".edxml")).count());
    }
  }
}
