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
    subcommands = {
      SendCommand.class,
      PendingCommand.class,
      FetchCommand.class,
      ConfirmCommand.class,
      StatusCommand.class,
      TracesCommand.class,
      OrganizationsCommand.class,
      KeysCommand.class,
      ValidateCommand.class,
      BridgeCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nConnection:%n",
    footer = {
      "  Commands that talk to a node read a client configuration file: --config FILE or"
          + " $EDXML_CLIENT_CONFIG (keys in adapter-client/README.md); flags such as --endpoint"
          + " or --organ override it."
    },
    exitCodeListHeading = "%nExit codes of the node commands (validate: see its --help):%n",
    exitCodeList = {
      "0:done",
      "1:rejected by the node (code, message, correlation id and what to do are printed)",
      "2:usage, configuration or local file error (nothing was sent)",
      "3:no answer from the node after the retries (retrying later makes sense)",
      "4:the answer could not be trusted (not signed by the configured node; do not retry)"
    },
    exitCodeOnExecutionException = 2,
    exitCodeOnInvalidInput = 2)
public final class EdxmlCli implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "give a command, e.g. `edxml send FILE` or `edxml validate FILE|DIR...`; `edxml help`"
            + " lists the commands");
  }

  public static void main(String[] args) {
    CliLogging.quiet();
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
