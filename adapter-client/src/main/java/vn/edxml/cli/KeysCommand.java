package vn.edxml.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edxml keys}: the organ's signing key and certificate. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the organ's signing key: `keys generate` makes a key and a certificate signing"
          + " request (CSR) for the CA; `keys import` puts the certificate the CA signed on the"
          + " key. Then the node's operator registers the certificate for your organ."
    },
    subcommands = {KeysGenerateCommand.class, KeysImportCommand.class},
    exitCodeOnExecutionException = ExitCode.USAGE,
    exitCodeOnInvalidInput = ExitCode.USAGE)
final class KeysCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "give `keys generate --organ CODE --out DIR` or `keys import ...`");
  }
}
