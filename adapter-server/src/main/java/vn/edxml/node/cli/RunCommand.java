package vn.edxml.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.node.Node;
import vn.edxml.node.config.ConfigException;
import vn.edxml.node.config.NodeConfig;

/** {@code run --config FILE}: load, build, start, log the version and address, serve. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node: load and check the configuration, start, serve until Ctrl-C / SIGTERM,"
          + " then stop gracefully (new requests refused, in-flight ones finish within"
          + " shutdown.grace).",
      "A configuration problem stops the start with one line naming the key and the fix"
          + " (exit 2)."
    })
final class RunCommand implements java.util.concurrent.Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The node's configuration file (see node.properties.example).")
  private Path config;

  @Override
  public Integer call() {
    return run(NodeCli.root(spec).context(), config, spec.commandLine().getErr());
  }

  static int run(NodeCli.Context context, Path configFile, PrintWriter err) {
    Quiet.install(Level.INFO);
    NodeConfig config = NodeConfig.load(configFile, context.env());
    Node node;
    try {
      node = Node.start(config, context.clock());
    } catch (ConfigException e) {
      if (StoreProblems.isLockedByAnotherProcess(e)) {
        throw new CliFailure(
            ExitCodes.STORE_BUSY,
            "store.url: the database is in use by another process (is this node already"
                + " running?) — stop the other process, or give each node its own data.dir",
            e);
      }
      throw e;
    }
    LOG.info(
        "edxml-node {} serving {} (data in {}); Ctrl-C stops it gracefully",
        NodeCli.version(),
        node.address(),
        config.dataDir());
    try {
      context.serving().serve(node);
    } catch (InterruptedException e) {
      node.close();
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
