package vn.edxml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code edxml.jar}: the {@code edxml} command and its subcommands. A new subcommand
 * is a class annotated with {@code @Command} added to {@code subcommands} below.
 */
@Command(
    name = "edxml",
    mixinStandardHelpOptions = true,
    versionProvider = EdxmlCli.Version.class,
    description = "Tools for QCVN 102:2016 edXML packages (Vietnamese government e-documents).",
    subcommands = {ValidateCommand.class, BridgeCommand.class, CommandLine.HelpCommand.class},
    exitCodeOnExecutionException = 2,
    exitCodeOnInvalidInput = 2)
public final class EdxmlCli implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "give a command, e.g. `edxml validate FILE|DIR...`; `edxml help` lists the commands");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EdxmlCli()).execute(args));
  }

  /** The version from the jar manifest, or {@code dev} when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EdxmlCli.class.getPackage().getImplementationVersion();
      return new String[] {"edxml " + (v == null ? "dev" : v)};
    }
  }
}
