package vn.edxml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.bridge.Bridge;
import vn.edxml.bridge.BridgeConfig;

/** {@code edxml bridge}: the folder bridge for software that only reads and writes files. */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Connect software that only reads and writes files to an interchange node: send what is"
          + " dropped into outbox/, write received documents into inbox/ and statuses into"
          + " status/. Safe to kill at any moment; see adapter-client/BRIDGE.md.",
      "Runs until stopped (Ctrl-C, SIGTERM) unless --once is given."
    },
    exitCodeOnExecutionException = 2,
    exitCodeOnInvalidInput = 2,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped, or --once: the cycle ran and the node answered",
      "1:--once: the node could not be reached; the files wait for the next run",
      "2:usage, configuration or I/O error"
    })
public final class BridgeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The bridge configuration (bridge.properties).")
  private Path config;

  @Option(names = "--once", description = "Run one cycle and exit (for scripts and tests).")
  private boolean once;

  /**
   * One line per log event on standard error, unless the user configured java.util.logging. (The
   * libraries' chatter is quieted for every command by {@link CliLogging}.)
   */
  private static void setUpLogging() {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    setUpLogging();
    PrintWriter out = spec.commandLine().getOut();
    BridgeConfig cfg = BridgeConfig.load(config);
    try (Bridge bridge = Bridge.open(cfg)) {
      if (once) {
        Bridge.Cycle cycle = bridge.runOnce();
        out.println(cycle.line());
        out.flush();
        return cycle.nodeReachable() ? 0 : 1;
      }
      CountDownLatch done = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                bridge.stop();
                try {
                  // Let the step in progress finish; a kill at any point is safe anyway.
                  done.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "edxml-bridge-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("bridge on " + bridge.folder() + " (Ctrl-C stops it)");
      out.flush();
      try {
        bridge.run(cycle -> {}); // each cycle's summary line is logged
      } finally {
        done.countDown();
      }
      return 0;
    }
  }
}
