package vn.edxml.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vn.edxml.node.federation.demo.FederationDemo;

/**
 * {@code demo-federation setup|walk DIR}: the two Java steps of {@code samples/federation/run.sh}
 * (hidden: the script is the way to run it).
 */
@Command(
    name = "demo-federation",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Steps of samples/federation/run.sh: setup DIR, then walk DIR.",
    subcommands = {DemoFederationCommand.Setup.class, DemoFederationCommand.Walk.class})
final class DemoFederationCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a subcommand: setup or walk");
  }

  /** {@code demo-federation setup DIR}. */
  @Command(
      name = "setup",
      mixinStandardHelpOptions = true,
      description =
          "Write four DEMO node folders (commune, province H41, national, province H44) with"
              + " peers, routes and free loopback ports into DIR (new or empty).")
  static final class Setup implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "DIR")
    private Path dir;

    @Override
    public Integer call() throws Exception {
      Quiet.install(Level.WARNING);
      FederationDemo.setup(dir, spec.commandLine().getOut());
      return ExitCodes.OK;
    }
  }

  /** {@code demo-federation walk DIR}. */
  @Command(
      name = "walk",
      mixinStandardHelpOptions = true,
      description =
          "With the four nodes running: send a document from the commune to province H44, walk"
              + " statuses back, print the hop trace and the sender's timeline.")
  static final class Walk implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "DIR")
    private Path dir;

    @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait at most.")
    private int timeout;

    @Override
    public Integer call() throws Exception {
      Quiet.install(Level.WARNING);
      boolean ok =
          FederationDemo.walk(dir, spec.commandLine().getOut(), Duration.ofSeconds(timeout));
      return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
