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
import vn.edxml.node.store.CertificateRecord;
import vn.edxml.node.store.OrganRecord;

/** {@code organs add|list}: the organ directory in the node's store. */
@Command(
    name = "organs",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the organ directory (code, name, parent, home node) in the node's store.",
      "With the default embedded H2 store, stop the node first: its database has one user at a"
          + " time and the command refuses (exit 3) while the node runs. The node also loads"
          + " directory.file at every start."
    },
    subcommands = {OrgansCommand.Add.class, OrgansCommand.ListOrgans.class})
final class OrgansCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a subcommand: add or list");
  }

  /** {@code organs add}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add an organ, or update it if the code exists.")
  static final class Add implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Option(names = "--code", required = true, description = "Organ code, e.g. 000.00.01.H26.")
    private String code;

    @Option(names = "--name", required = true, description = "Display name.")
    private String name;

    @Option(names = "--parent", description = "Parent organ's code.")
    private String parent;

    @Option(
        names = "--home-node",
        description = "Code of the node keeping the organ's mailbox (default: this node).")
    private String homeNode;

    @Override
    public Integer call() {
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        OrganRecord organ;
        try {
          organ = access.directory().putOrgan(code, name, parent, homeNode);
        } catch (IllegalArgumentException e) {
          throw new CliFailure(
              ExitCodes.CONFIG,
              "--code: " + e.getMessage() + " — use letters, digits, dots and dashes");
        }
        spec.commandLine()
            .getOut()
            .printf(
                "organ %s \"%s\" saved (home node %s%s)%n",
                organ.code(),
                organ.name(),
                organ.homeNode(),
                organ.local() ? ", mailbox on this node" : "");
        return ExitCodes.OK;
      }
    }
  }

  /** {@code organs list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List organs, ordered by code.")
  static final class ListOrgans implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Option(names = "--prefix", description = "Only codes starting with this.")
    private String prefix;

    @Override
    public Integer call() {
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        List<OrganRecord> organs = access.store().organs(prefix, null, 100_000);
        PrintWriter out = spec.commandLine().getOut();
        Table table = new Table("code", "name", "parent", "home node", "certificates");
        for (OrganRecord o : organs) {
          List<CertificateRecord> certs = access.store().certificates(o.code());
          long valid = certs.stream().filter(c -> !c.revoked()).count();
          table.row(
              o.code(),
              o.name(),
              o.parentCode() == null ? "-" : o.parentCode(),
              o.homeNode() + (o.local() ? " (here)" : ""),
              valid
                  + " valid"
                  + (certs.size() > valid ? ", " + (certs.size() - valid) + " revoked" : ""));
        }
        table.print(out);
        out.printf("%d organ%s.%n", organs.size(), organs.size() == 1 ? "" : "s");
        return ExitCodes.OK;
      }
    }
  }
}
