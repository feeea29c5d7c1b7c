package vn.edxml.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Organization;
import vn.edxml.client.Outcome;
import vn.edxml.client.internal.Json;

/** {@code edxml organizations}: the node's directory. */
@Command(
    name = "organizations",
    aliases = "orgs",
    description = "List the organs the node knows: code, name, parent, home node.")
final class OrganizationsCommand extends ClientCommand {

  @Option(names = "--prefix", paramLabel = "P", description = "Only codes starting with P.")
  String prefix;

  @Option(names = "--name", paramLabel = "TEXT", description = "Only names containing TEXT.")
  String name;

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) {
    Outcome<List<Organization>> outcome = client.organizations(prefix, name);
    if (!(outcome instanceof Outcome.Accepted<List<Organization>> accepted)) {
      return out.rejected(outcome.rejection().orElseThrow(), null);
    }
    List<Json> organs = new ArrayList<>();
    for (Organization o : accepted.value()) {
      organs.add(
          Json.object()
              .put("organId", o.organId())
              .put("name", o.name())
              .put("parentId", o.parentId())
              .put("homeNode", o.homeNode())
              .put("local", o.local()));
    }
    out.json(Json.object().put("outcome", "accepted").put("organizations", organs));
    out.text(accepted.value().size() + out.t(" organ(s)", " cơ quan"));
    for (Organization o : accepted.value()) {
      out.text(
          String.format(
              Locale.ROOT,
              "  %-16s  %s%s  [%s%s]",
              o.organId(),
              o.name(),
              o.parentId() == null ? "" : out.t(" (under ", " (trực thuộc ") + o.parentId() + ")",
              o.local() ? out.t("local", "nút này") : out.t("via ", "qua ") + o.homeNode(),
              ""));
    }
    return ExitCode.DONE;
  }
}
