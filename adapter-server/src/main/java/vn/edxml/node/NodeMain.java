package vn.edxml.node;

import vn.edxml.node.cli.NodeCli;

/**
 * Entry point of {@code edxml-node.jar}: {@code --config FILE} runs the node; {@code demo DIR} runs
 * the demo; {@code organs} and {@code certs} manage the directory. See {@link NodeCli}.
 */
public final class NodeMain {

  private NodeMain() {}

  public static void main(String[] args) {
    System.exit(NodeCli.standard().execute(args));
  }
}
