package vn.edxml.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code edxml-node --config FILE} in a child JVM (NodeMain, the jar's entry point): a second
 * process, as a running node is for the H2 lock, and a real SIGTERM for the shutdown hook.
 */
final class ChildNode implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildNode(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the node and waits until it serves. */
  static ChildNode start(Path config) throws IOException, InterruptedException {
    Path log = config.resolveSibling("child-" + System.nanoTime() + ".log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx256m",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "vn.edxml.node.NodeMain",
                    "--config",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ChildNode child = new ChildNode(p, log);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      if (child.log().contains("serving http://")) {
        return child;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the child node exited " + p.exitValue() + ":\n" + child.log());
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the child node did not start:\n" + child.log());
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Sends SIGTERM and returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the child node did not stop within 60 s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      terminate();
    }
  }
}
