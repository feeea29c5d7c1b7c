package vn.edxml.node.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option of the directory commands. */
final class ConfigOption {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "node.properties",
      description = "The node's configuration file; its store is used (default: ${DEFAULT-VALUE}).")
  Path file;
}
