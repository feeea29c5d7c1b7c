package vn.edxml.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vn.edxml.node.Node;
import vn.edxml.node.demo.Demo;
import vn.edxml.node.demo.DemoException;

/** {@code demo DIR [--once] [--port N]}. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Try the node: on first use makes DIR with a DEMO PKI (CA, node key, two organs' keys),"
          + " node.properties, directory.txt and organ-a/organ-b client configurations; later"
          + " runs reuse it. Starts the node, sends the project's sample document (with its PDF)"
          + " from organ A to organ B through the whole cycle (send, pending, fetch, confirm,"
          + " statuses 01 and 03 back), prints the document's trace, and keeps serving until"
          + " Ctrl-C.",
      "Everything in DIR is DEMO material: never use it in production."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The demo folder (made if missing).")
  private Path dir;

  @Option(names = "--once", description = "Exit after printing the trace instead of serving.")
  private boolean once;

  @Option(
      names = "--port",
      paramLabel = "N",
      description =
          "Listen on this port (0: any free port). Default: the folder's http.port, 8080 when"
              + " new.")
  private Integer port;

  @Override
  public Integer call() throws InterruptedException {
    if (port != null && (port < 0 || port > 65535)) {
      throw new CliFailure(ExitCodes.CONFIG, "--port: " + port + " — use 0 to 65535");
    }
    Quiet.install(Level.WARNING);
    NodeCli.Context context = NodeCli.root(spec).context();
    var out = spec.commandLine().getOut();
    Node node;
    try {
      node = Demo.run(dir, port, context.env(), context.clock(), out);
    } catch (DemoException e) {
      var err = spec.commandLine().getErr();
      err.println("edxml-node demo: " + e.getMessage());
      err.println("  what to do: " + e.fix());
      return ExitCodes.FAILED;
    }
    if (once) {
      node.close();
      return ExitCodes.OK;
    }
    out.println();
    out.println(
        "The node keeps serving on "
            + node.address()
            + " for organ-a.properties and organ-b.properties; Ctrl-C stops it.");
    out.flush();
    try {
      context.serving().serve(node);
    } catch (InterruptedException e) {
      node.close();
      throw e;
    }
    return ExitCodes.OK;
  }
}
