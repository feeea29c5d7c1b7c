package vn.edxml.node.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.edxml.node.Node;
import vn.edxml.node.config.ConfigException;

/**
 * The {@code edxml-node} command: {@code --config FILE} (or {@code run --config FILE}) runs the
 * node; {@code demo DIR} runs the demo; {@code organs} and {@code certs} manage the directory in
 * the node's store. One instance holds what a run needs from outside (environment, what to do with
 * a started node, clock), so tests run it in-process.
 */
@Command(
    name = "edxml-node",
    mixinStandardHelpOptions = true,
    versionProvider = NodeCli.Version.class,
    description = {
      "edXML interchange node (QCVN 102:2016): signed SOAP exchange of Vietnamese",
      "government e-documents.",
      "",
      "  edxml-node --config FILE        run the node (also: run --config FILE)",
      "  edxml-node demo DIR [--once]    try it: a demo node sends a sample document",
      "  edxml-node bench                measure it against plain CXF (BENCHMARKS.md)",
      "  edxml-node bench-file           a 1 GiB attachment in 256 MiB of heap",
      "  edxml-node bench-store          1,000,000 stored messages, 10,000 organs",
      "",
      "Configuration keys: adapter-server/node.properties.example; each can be",
      "overridden by an EDXML_* environment variable (store.url: EDXML_STORE_URL).",
      ""
    },
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      OrgansCommand.class,
      CertsCommand.class,
      DeadLettersCommand.class,
      DemoFederationCommand.class,
      BenchCommand.class,
      vn.edxml.node.bench.file.LargeFileCommand.class,
      vn.edxml.node.bench.store.StoreScaleCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done (the node stopped after Ctrl-C / SIGTERM; the demo completed)",
      "  1  failed: a demo step, an unknown organ or certificate, a refused value",
      "  2  usage or configuration error; the message names the key and the fix",
      "  3  the node's H2 database is in use by a running node: stop it first"
    },
    exitCodeOnInvalidInput = ExitCodes.CONFIG,
    exitCodeOnExecutionException = ExitCodes.FAILED)
public final class NodeCli implements Callable<Integer> {

  /** What a run needs from outside the command line. */
  public record Context(Map<String, String> env, Serving serving, Clock clock) {
    public Context {
      env = Map.copyOf(env);
    }
  }

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Run the node with this configuration file (same as `run --config FILE`).")
  private Path config;

  private final Context context;

  public NodeCli(Context context) {
    this.context = context;
  }

  /** The command as {@code edxml-node.jar} runs it: real environment, serves until shutdown. */
  public static NodeCli standard() {
    return new NodeCli(new Context(System.getenv(), Serving.untilShutdown(), Clock.systemUTC()));
  }

  public Context context() {
    return context;
  }

  @Override
  public Integer call() {
    if (config == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give --config FILE to run the node, or `demo DIR` to try it; `edxml-node help` lists"
              + " the commands");
    }
    return RunCommand.run(context, config, spec.commandLine().getErr());
  }

  /** Runs the command line with standard output and error (UTF-8); returns the exit code. */
  public int execute(String... args) {
    return execute(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        args);
  }

  /** Runs the command line writing to {@code out} and {@code err}; returns the exit code. */
  public int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(this);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter w = commandLine.getErr();
          int code = report("edxml-node", e, w);
          w.flush();
          return code;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * One line for a failure the user can fix; the cause chain (no stack) for anything else. Each
   * line starts with {@code program}; returns the exit code.
   */
  public static int report(String program, Exception e, PrintWriter err) {
    if (e instanceof CliFailure f) {
      err.println(program + ": " + f.getMessage());
      return f.exitCode();
    }
    if (e instanceof ConfigException c) {
      err.println(program + ": " + c.getMessage());
      return ExitCodes.CONFIG;
    }
    StringBuilder sb = new StringBuilder(program).append(": unexpected error: ").append(e);
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      sb.append(System.lineSeparator()).append("  caused by: ").append(t);
    }
    err.println(sb);
    return ExitCodes.FAILED;
  }

  /** The {@code --config} of a directory command: the node's configuration file. */
  static NodeCli root(CommandSpec spec) {
    return (NodeCli) spec.root().userObject();
  }

  /** The version from the jar manifest, or {@code dev} when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"edxml-node " + version()};
    }
  }

  static String version() {
    String v = Node.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
