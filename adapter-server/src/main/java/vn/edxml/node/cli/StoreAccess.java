package vn.edxml.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import vn.edxml.node.config.ConfigException;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.directory.Directory;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.Stores;

/**
 * The node's store opened by a directory command, from the node's own configuration file.
 *
 * <p>An embedded H2 file database is used by one process at a time, so while the node runs the
 * commands refuse with exit code 3 and say what to do (stop the node; or put the organ in {@code
 * directory.file}, which the node loads at every start). With PostgreSQL they work while the node
 * runs. H2's AUTO_SERVER mode was not chosen: it opens a TCP port on the node's machine and makes
 * the first process a database server, for a handful of administrative commands.
 */
final class StoreAccess implements AutoCloseable {

  private final NodeConfig config;
  private final MessageStore store;

  private StoreAccess(NodeConfig config, MessageStore store) {
    this.config = config;
    this.store = store;
  }

  static StoreAccess open(NodeCli.Context context, Path configFile) {
    Quiet.install(Level.WARNING);
    NodeConfig config = NodeConfig.load(configFile, context.env());
    try {
      MessageStore store =
          Stores.messageStore(config.storeUrl())
              .user(config.storeUser())
              .password(config.storePassword())
              .nodeCode(config.nodeId())
              .maxPoolSize(2)
              .connectionTimeout(Duration.ofSeconds(3))
              .open();
      return new StoreAccess(config, store);
    } catch (StoreException e) {
      if (StoreProblems.isLockedByAnotherProcess(e)) {
        throw new CliFailure(
            ExitCodes.STORE_BUSY,
            "store.url: the node's H2 database is in use by the running node (an H2 file database"
                + " has one user at a time) — stop the node, run this command, start the node"
                + " again; or add the organ and its certificate to directory.file, which the node"
                + " loads at every start",
            e);
      }
      throw new ConfigException(
          "store.url", e.getMessage(), "check the database URL, user and password", e);
    }
  }

  NodeConfig config() {
    return config;
  }

  MessageStore store() {
    return store;
  }

  Directory directory() {
    return new Directory(store, config.nodeId());
  }

  @Override
  public void close() {
    store.close();
  }
}
