package vn.edxml.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.edxml.node.Node;

/** Runs {@code edxml-node} in-process and captures what it prints. */
final class CliRun {

  /** The outcome of one run. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** Nodes handed to {@link Serving} (instead of waiting for a shutdown signal). */
  final List<Node> served = new ArrayList<>();

  private final Map<String, String> env;

  CliRun() {
    this(Map.of());
  }

  CliRun(Map<String, String> env) {
    this.env = env;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    NodeCli cli = new NodeCli(new NodeCli.Context(env, served::add, Clock.systemUTC()));
    int code = cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  void closeServed() {
    served.forEach(Node::close);
    served.clear();
  }

  /** A fresh folder under the build's temporary folder. */
  static Path freshDir(String prefix) throws java.io.IOException {
    Path dir =
        Path.of(System.getProperty("java.io.tmpdir")).resolve(prefix + "-" + UUID.randomUUID());
    Files.createDirectories(dir.getParent());
    return dir;
  }
}
