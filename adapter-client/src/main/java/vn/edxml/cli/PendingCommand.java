package vn.edxml.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.internal.Json;

/** {@code edxml pending}: the messages waiting for the organ. */
@Command(
    name = "pending",
    description = {
      "List the messages waiting for your organ, oldest first.",
      "Fetch one with `edxml fetch MESSAGE_ID`, then `edxml confirm MESSAGE_ID` once it is stored."
    })
final class PendingCommand extends ClientCommand {

  @Option(names = "--type", paramLabel = "edoc|status", description = "Only documents or statuses.")
  String type;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N messages (1 to 500; default ${DEFAULT-VALUE}).")
  int max;

  @Override
  void validate(Output out) {
    if (type != null && !type.equals("edoc") && !type.equals("status")) {
      throw usage("unknown --type '" + type + "' — use edoc or status");
    }
    if (max < 1 || max > 500) {
      throw usage("--max " + max + " is out of range — give 1 to 500");
    }
  }

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) {
    Outcome<Pending> outcome = client.pending(type, max);
    if (!(outcome instanceof Outcome.Accepted<Pending> accepted)) {
      return out.rejected(outcome.rejection().orElseThrow(), null);
    }
    Pending pending = accepted.value();
    List<Json> messages = new ArrayList<>();
    for (Pending.Message m : pending.messages()) {
      messages.add(
          Json.object()
              .put("messageId", m.messageId())
              .put("messageType", m.messageType())
              .put("documentId", m.documentId())
              .put("from", m.from())
              .put("receivedAt", m.receivedAt())
              .put("size", m.size())
              .put("subject", m.subject())
              .put("statusCode", m.statusCode()));
    }
    out.json(
        Json.object()
            .put("outcome", "accepted")
            .put("organ", client.organ())
            .put("count", pending.messages().size())
            .put("more", pending.more())
            .put("messages", messages));
    out.text(
        pending.messages().size()
            + out.t(" message(s) waiting for ", " gói tin đang chờ ")
            + client.organ()
            + (pending.messages().isEmpty() ? "." : ":"));
    for (Pending.Message m : pending.messages()) {
      out.text(
          String.format(
              Locale.ROOT,
              "%-36s  %-6s  %s %s  %s  %9s  %s",
              m.messageId(),
              m.messageType(),
              out.t("from", "từ"),
              m.from(),
              m.receivedAt(),
              size(m.size()),
              m.documentId()));
      String what =
          m.statusCode() != null
              ? out.t("status ", "trạng thái ")
                  + m.statusCode()
                  + (m.subject() == null ? "" : " — " + m.subject())
              : m.subject();
      if (what != null && !what.isBlank()) {
        out.text("    " + what);
      }
    }
    if (pending.more()) {
      out.text(
          out.t(
              "More are waiting: fetch and confirm these, or list more with --max.",
              "Còn gói tin khác: nhận và xác nhận các gói này, hoặc dùng --max để xem thêm."));
    }
    return ExitCode.DONE;
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1L << 20) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
    return ProgressBar.megabytes(bytes);
  }
}
