package vn.edxml.node.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.edxml.node.store.OutboundRecord;
import vn.edxml.node.store.OutboundState;

/** {@code dead-letters list|replay}: forwards the node gave up on, in the node's store. */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = {
      "Forwards to other nodes that were given up (attempts exhausted, or refused by the next"
          + " node): list them, or put them back in the queue once the cause is fixed.",
      "A replayed forward is sent again with the same sender and message id: a next node that"
          + " already has it answers with its first receipt and keeps one copy.",
      "With the default embedded H2 store, stop the node first (exit 3 while it runs); the node"
          + " sends the replayed forwards when it starts. With PostgreSQL it works while the"
          + " nodes run."
    },
    subcommands = {DeadLettersCommand.ListDead.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a subcommand: list or replay");
  }

  /** {@code dead-letters list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List dead letters, oldest first.")
  static final class ListDead implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Option(names = "--node", paramLabel = "CODE", description = "Only towards this next node.")
    private String node;

    @Option(names = "--max", defaultValue = "1000", description = "At most this many.")
    private int max;

    @Override
    public Integer call() {
      if (max < 1) {
        throw new CliFailure(ExitCodes.CONFIG, "--max: use 1 or more");
      }
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        List<OutboundRecord> dead = access.store().forwards(OutboundState.DEAD, node, max);
        PrintWriter out = spec.commandLine().getOut();
        Table table =
            new Table(
                "sender",
                "message id",
                "type",
                "document",
                "next node",
                "to",
                "attempts",
                "since",
                "last error");
        for (OutboundRecord r : dead) {
          table.row(
              r.sender(),
              r.messageId(),
              r.messageType(),
              r.documentId(),
              r.nextNode(),
              String.join(",", r.recipients()),
              Integer.toString(r.attempts()),
              r.updatedAt().toString(),
              r.lastError() == null ? "-" : r.lastError());
        }
        table.print(out);
        out.printf("%d dead letter%s.%n", dead.size(), dead.size() == 1 ? "" : "s");
        return ExitCodes.OK;
      }
    }
  }

  /** {@code dead-letters replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Queue dead letters again (attempts reset, due at once): one message (--sender and"
              + " --message-id), those towards one node (--node), or every one (--all).")
  static final class Replay implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Option(names = "--sender", paramLabel = "ORGAN", description = "The original sender.")
    private String sender;

    @Option(names = "--message-id", paramLabel = "ID", description = "The sender's message id.")
    private String messageId;

    @Option(names = "--node", paramLabel = "CODE", description = "Only towards this next node.")
    private String node;

    @Option(names = "--all", description = "Every dead letter (towards --node if given).")
    private boolean all;

    @Override
    public Integer call() {
      if ((sender == null) != (messageId == null)) {
        throw new CliFailure(ExitCodes.CONFIG, "--sender and --message-id go together");
      }
      if (sender == null && node == null && !all) {
        throw new CliFailure(
            ExitCodes.CONFIG, "say which: --sender ORGAN --message-id ID, --node CODE, or --all");
      }
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        int n =
            access
                .store()
                .replayDeadLetters(
                    sender, messageId, node, NodeCli.root(spec).context().clock().instant());
        spec.commandLine()
            .getOut()
            .printf(
                "%d dead letter%s queued again; the node sends %s when it runs.%n",
                n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
        return n == 0 && sender != null ? ExitCodes.FAILED : ExitCodes.OK;
      }
    }
  }
}
