package vn.edxml.cli;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.model.UnsafeZipException;

/**
 * A command that talks to a node: connection and output options, the client's life cycle, and the
 * mapping of every failure to an exit code with a message that says what to do.
 */
@Command(
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = ExitCode.USAGE,
    exitCodeOnInvalidInput = ExitCode.USAGE,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:rejected by the node (code, message, correlation id and what to do are printed)",
      "2:usage, configuration or local file error (nothing was sent)",
      "3:no answer from the node after the retries (retrying later makes sense)",
      "4:the answer could not be trusted (not signed by the configured node; do not retry)"
    })
abstract class ClientCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin OutputOptions outputOptions;

  /** The environment; replaceable in tests. */
  Map<String, String> env = System.getenv();

  @Override
  public final Integer call() {
    Output out = outputOptions.open(spec);
    try {
      validate(out);
      ClientConfig settings = connection.resolve(env);
      ProgressBar progress =
          new ProgressBar(spec.commandLine().getErr(), out, ProgressBar.terminal());
      try (EdxmlClient client = ConnectionOptions.client(settings, progress)) {
        return run(client, settings, out);
      }
    } catch (ParameterException e) {
      // Raised by the command's own checks after parsing: the message says it all.
      return out.error(e.getMessage() + " (see `edxml " + spec.name() + " --help`)");
    } catch (EdxmlClientException e) {
      return out.failed(e);
    } catch (UnsafeZipException e) {
      return out.error(
          "an attachment is an unsafe zip archive ("
              + e.getMessage()
              + "); it was not unpacked — ask the sender, or open the package file with care");
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return out.error(e);
    } finally {
      out.flush();
    }
  }

  /** Checks the command's own options before connecting; throws a {@link ParameterException}. */
  void validate(Output out) {}

  /** Does the work; returns an {@link ExitCode}. */
  abstract int run(EdxmlClient client, ClientConfig settings, Output out) throws IOException;

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
