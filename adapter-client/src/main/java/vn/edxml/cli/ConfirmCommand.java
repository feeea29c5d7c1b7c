package vn.edxml.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.Confirmation;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Outcome;
import vn.edxml.client.internal.Json;

/** {@code edxml confirm MESSAGE_ID}: tells the node the message is stored. */
@Command(
    name = "confirm",
    description = {
      "Tell the node a fetched message is stored on your side: it leaves the pending list.",
      "Confirming twice is harmless."
    })
final class ConfirmCommand extends ClientCommand {

  @Parameters(paramLabel = "MESSAGE_ID", description = "The message fetched.")
  String messageId;

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) {
    Outcome<Confirmation> outcome = client.confirm(messageId);
    if (!(outcome instanceof Outcome.Accepted<Confirmation> accepted)) {
      return out.rejected(outcome.rejection().orElseThrow(), messageId);
    }
    Confirmation c = accepted.value();
    out.json(
        Json.object()
            .put("outcome", "accepted")
            .put("messageId", c.messageId())
            .put("confirmedAt", c.confirmedAt())
            .put("alreadyConfirmed", c.alreadyConfirmed())
            .put("statusMessageId", c.statusMessageId()));
    out.text(
        c.messageId()
            + ": "
            + (c.alreadyConfirmed()
                ? out.t("already confirmed at ", "đã xác nhận trước đó lúc ")
                : out.t("confirmed at ", "đã xác nhận lúc "))
            + c.confirmedAt());
    if (c.statusMessageId() != null) {
      out.text(
          out.t(
                  "  the node sent status 01 (received) to the issuer: ",
                  "  nút đã gửi trạng thái 01 (đã đến) cho cơ quan ban hành: ")
              + c.statusMessageId());
    }
    return ExitCode.DONE;
  }
}
