package vn.edxml.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Outcome;
import vn.edxml.client.TraceEvent;
import vn.edxml.client.internal.Json;

/** {@code edxml traces DOCUMENT_ID}: a document's timeline. */
@Command(
    name = "traces",
    description = {
      "Show the timeline of a document your organ sent or received: transport states (accepted,"
          + " delivered, confirmed, ...) and statuses (01-16) per recipient."
    })
final class TracesCommand extends ClientCommand {

  @Parameters(paramLabel = "DOCUMENT_ID", description = "The document's DocumentId.")
  String documentId;

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) {
    Outcome<List<TraceEvent>> outcome = client.traces(documentId);
    if (!(outcome instanceof Outcome.Accepted<List<TraceEvent>> accepted)) {
      return out.rejected(outcome.rejection().orElseThrow(), documentId);
    }
    List<Json> events = new ArrayList<>();
    for (TraceEvent e : accepted.value()) {
      events.add(
          Json.object()
              .put("at", e.at())
              .put("recipient", e.recipient())
              .put("transport", e.transport())
              .put("statusCode", e.statusCode())
              .put("actor", e.actor())
              .put("node", e.node())
              .put("messageId", e.messageId())
              .put("detail", e.detail()));
    }
    out.json(
        Json.object()
            .put("outcome", "accepted")
            .put("documentId", documentId)
            .put("events", events));
    out.text(documentId + ": " + accepted.value().size() + out.t(" event(s)", " sự kiện"));
    for (TraceEvent e : accepted.value()) {
      String what =
          e.transport() != null ? e.transport() : out.t("status ", "trạng thái ") + e.statusCode();
      out.text(
          String.format(
              Locale.ROOT,
              "  %s  %-14s  %-18s  %s %s%s",
              e.at(),
              e.recipient(),
              what,
              out.t("by", "bởi"),
              e.actor(),
              e.detail() == null ? "" : " — " + e.detail()));
    }
    return ExitCode.DONE;
  }
}
