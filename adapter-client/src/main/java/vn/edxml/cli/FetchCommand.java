package vn.edxml.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.FetchedFolder;
import vn.edxml.client.FetchedMessage;
import vn.edxml.client.Outcome;
import vn.edxml.client.internal.Json;
import vn.edxml.client.internal.PackageFolder;

/** {@code edxml fetch MESSAGE_ID}: a message into a folder, with its attachments extracted. */
@Command(
    name = "fetch",
    description = {
      "Fetch a waiting message into DIR/MESSAGE_ID/: package.edxml (checked against the digest"
          + " the node signed) and the document's attachments next to it; zipped attachments are"
          + " also unpacked, safely, into a subfolder.",
      "Then confirm it with `edxml confirm MESSAGE_ID`: until then it stays pending."
    })
final class FetchCommand extends ClientCommand {

  @Parameters(paramLabel = "MESSAGE_ID", description = "From `edxml pending`.")
  String messageId;

  @Option(
      names = "--into",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Folder to fetch into (default: the current folder).")
  Path into;

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) throws IOException {
    Path folder = into.resolve(PackageFolder.safeFolderName(messageId));
    Outcome<FetchedFolder> outcome = client.fetchExtracted(messageId, folder);
    if (!(outcome instanceof Outcome.Accepted<FetchedFolder> accepted)) {
      return out.rejected(outcome.rejection().orElseThrow(), messageId);
    }
    FetchedFolder f = accepted.value();
    FetchedMessage m = f.message();
    List<Json> attachments = new ArrayList<>();
    for (FetchedFolder.SavedAttachment a : f.attachments()) {
      attachments.add(
          Json.object()
              .put("name", a.name())
              .put("contentType", a.contentType())
              .put("file", a.file().toString())
              .put("size", a.size())
              .put("unzipped", a.unzipped().stream().map(Path::toString).toList()));
    }
    out.json(
        Json.object()
            .put("outcome", "accepted")
            .put("messageId", m.messageId())
            .put("messageType", m.messageType())
            .put("from", m.from())
            .put("documentId", m.documentId())
            .put("size", m.size())
            .put("sha256", m.sha256())
            .put("folder", f.folder().toString())
            .put("package", f.packageFile().toString())
            .put("attachments", attachments));
    out.text(
        out.t("fetched ", "đã nhận ")
            + m.messageId()
            + " ("
            + m.messageType()
            + out.t(" from ", " từ ")
            + m.from()
            + ", "
            + PendingCommand.size(m.size())
            + ", sha256 "
            + m.sha256()
            + ")");
    out.text(out.t("  document id  ", "  mã văn bản   ") + m.documentId());
    out.text("  " + f.packageFile());
    for (FetchedFolder.SavedAttachment a : f.attachments()) {
      out.text("  " + a.file() + "  (" + PendingCommand.size(a.size()) + ")");
      if (!a.unzipped().isEmpty()) {
        out.text(
            out.t("    unzipped into ", "    đã giải nén vào ")
                + a.unzipped().get(0).getParent()
                + " ("
                + a.unzipped().size()
                + out.t(" files)", " tệp)"));
        for (Path p : a.unzipped()) {
          out.text("      " + p);
        }
      }
    }
    out.text(
        out.t(
            "Once it is stored on your side: edxml confirm " + m.messageId(),
            "Sau khi đã lưu: edxml confirm " + m.messageId()));
    return ExitCode.DONE;
  }
}
