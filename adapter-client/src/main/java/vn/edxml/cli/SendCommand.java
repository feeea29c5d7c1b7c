package vn.edxml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.Outcome;
import vn.edxml.client.SendReceipt;

/** {@code edxml send FILE...}: sends edXML package files and prints the node's receipts. */
@Command(
    name = "send",
    description = {
      "Send edXML package files (documents or statuses) to the node; prints each signed receipt.",
      "Recipients and type are read from each package. With several files, all are tried and the"
          + " exit code is the highest one met."
    })
final class SendCommand extends ClientCommand {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "edXML package files.")
  List<Path> files;

  @Override
  void validate(Output out) {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw usage("no such file: " + f + " — give the path of an edXML package file");
      }
    }
  }

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) throws IOException {
    int exit = ExitCode.DONE;
    for (Path file : files) {
      String about = file.toString();
      int result;
      try {
        Outcome<SendReceipt> outcome = client.send(file);
        if (outcome instanceof Outcome.Accepted<SendReceipt> accepted) {
          Receipts.print(out, about, accepted.value());
          result = ExitCode.DONE;
        } else {
          result = out.rejected(outcome.rejection().orElseThrow(), about);
        }
      } catch (EdxmlClientException e) {
        result = out.failed(e);
      } catch (IOException | IllegalArgumentException e) {
        result = out.error(about + ": " + Output.explain(e) + " — check it with `edxml validate`");
      }
      exit = Math.max(exit, result);
    }
    return exit;
  }
}
