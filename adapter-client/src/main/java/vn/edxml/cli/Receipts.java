package vn.edxml.cli;

import java.util.ArrayList;
import java.util.List;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.internal.Json;

/** Prints a node's receipt, for {@code send} and {@code status}. */
final class Receipts {

  private Receipts() {}

  static void print(Output out, String about, SendReceipt r) {
    List<Json> recipients = new ArrayList<>();
    for (SendReceipt.RecipientResult x : r.recipients()) {
      recipients.add(
          Json.object()
              .put("organId", x.organId())
              .put("routing", x.routing().name().toLowerCase(java.util.Locale.ROOT))
              .put("nextNode", x.nextNode())
              .put("detail", x.detail()));
    }
    out.json(
        Json.object()
            .put("outcome", "accepted")
            .put("about", about)
            .put("messageId", r.messageId())
            .put("messageType", r.messageType())
            .put("documentId", r.documentId())
            .put("acceptedAt", r.acceptedAt())
            .put("node", r.node())
            .put("sha256", r.payloadSha256())
            .put("duplicate", r.duplicate())
            .put("recipients", recipients));
    out.text(
        about
            + ": "
            + (r.duplicate()
                ? out.t(
                    "already accepted before (nothing new stored)",
                    "đã được tiếp nhận trước đó (không lưu thêm)")
                : out.t("accepted", "đã được tiếp nhận"))
            + out.t(" by node ", " bởi nút ")
            + r.node()
            + out.t(" at ", " lúc ")
            + r.acceptedAt());
    out.text(out.t("  message id   ", "  mã gói tin   ") + r.messageId());
    out.text(out.t("  document id  ", "  mã văn bản   ") + r.documentId());
    out.text("  sha256       " + r.payloadSha256());
    for (SendReceipt.RecipientResult x : r.recipients()) {
      out.text(
          "  → "
              + x.organId()
              + "  "
              + routing(out, x.routing())
              + (x.nextNode() == null ? "" : " (" + x.nextNode() + ")")
              + (x.detail() == null ? "" : " — " + x.detail()));
    }
  }

  private static String routing(Output out, SendReceipt.Routing routing) {
    return switch (routing) {
      case DELIVERED -> out.t("delivered to its mailbox", "đã chuyển vào hộp thư");
      case QUEUED -> out.t("queued for the next node", "đang chờ chuyển tiếp");
      case UNROUTABLE -> out.t("cannot be routed", "không định tuyến được");
    };
  }
}
