package vn.edxml.bridge;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import vn.edxml.client.ErrorCode;
import vn.edxml.client.Rejection;
import vn.edxml.client.SendReceipt;

/** The texts the bridge writes for people and scripts: receipts and error reports. */
final class Reports {

  private Reports() {}

  /** Local (bridge-side) problem codes, next to the node's {@link ErrorCode}s. */
  static final String PACKAGE_UNREADABLE = "package_unreadable";

  static final String STATUS_FILE_INVALID = "status_file_invalid";

  /**
   * A receipt as {@code key=value} lines (readable by java.util.Properties and by people).
   *
   * @param file the name the legacy software gave the file
   */
  static String receipt(String file, SendReceipt r) {
    StringBuilder b = new StringBuilder();
    b.append("# Biên nhận của nút liên thông / Receipt from the interchange node\n");
    line(b, "file", file);
    line(b, "message.id", r.messageId());
    line(b, "message.type", r.messageType());
    line(b, "document.id", r.documentId());
    line(b, "accepted.at", String.valueOf(r.acceptedAt()));
    line(b, "node", r.node());
    line(b, "payload.sha256", r.payloadSha256());
    line(b, "duplicate", String.valueOf(r.duplicate()));
    int i = 1;
    for (SendReceipt.RecipientResult rr : r.recipients()) {
      line(
          b,
          "recipient." + i++,
          rr.organId()
              + " "
              + rr.routing()
              + (rr.nextNode() == null ? "" : " via " + rr.nextNode())
              + (rr.detail() == null ? "" : " (" + rr.detail() + ")"));
    }
    return b.toString();
  }

  /** A readable, bilingual error report for a file the node (or the bridge) refused. */
  static String error(String file, String messageId, Rejection rejection, Instant at) {
    String vi =
        rejection.code().isPresent()
            ? rejection.code().get().message(Locale.forLanguageTag("vi"))
            : rejection.message();
    String en =
        rejection.code().isPresent()
            ? rejection.code().get().message(Locale.ROOT)
            : rejection.message();
    String detail = rejection.message();
    if (detail != null && rejection.code().isPresent() && !detail.equals(en)) {
      en = en + " (" + detail + ")";
      vi = vi + " (" + detail + ")";
    }
    return error(file, messageId, rejection.codeId(), vi, en, rejection.correlationId(), at);
  }

  /** The report for a problem found by the bridge itself (nothing was sent). */
  static String localError(String file, String messageId, String code, String detail, Instant at) {
    String vi =
        switch (code) {
          case PACKAGE_UNREADABLE -> "Tệp không phải là gói tin edXML đọc được: " + detail;
          case STATUS_FILE_INVALID -> "Tệp trạng thái không hợp lệ: " + detail;
          default -> detail;
        };
    String en =
        switch (code) {
          case PACKAGE_UNREADABLE -> "The file is not a readable edXML package: " + detail;
          case STATUS_FILE_INVALID -> "The status file is not valid: " + detail;
          default -> detail;
        };
    return error(file, messageId, code, vi, en, null, at);
  }

  private static String error(
      String file,
      String messageId,
      String code,
      String vi,
      String en,
      String correlationId,
      Instant at) {
    String[] todo = ADVICE.getOrDefault(code, DEFAULT_ADVICE);
    StringBuilder b = new StringBuilder();
    b.append("KHÔNG GỬI ĐƯỢC / NOT SENT\n\n");
    b.append("Tệp / File: ").append(file).append('\n');
    b.append("Thời điểm / Time: ").append(at).append('\n');
    b.append("Mã lỗi / Error code: ").append(code).append('\n');
    b.append("Mã thông điệp / Message id: ").append(messageId).append('\n');
    if (correlationId != null) {
      b.append("Mã tương quan / Correlation id: ").append(correlationId).append('\n');
    }
    b.append("\nLý do: ").append(vi).append('\n');
    b.append("Reason: ").append(en).append('\n');
    b.append("\nCần làm: ").append(todo[0]).append('\n');
    b.append("What to do: ").append(todo[1]).append('\n');
    if (correlationId != null) {
      b.append(
          "\nNếu chưa rõ, gửi mã tương quan cho người quản trị nút. / If unclear, give the"
              + " correlation id to the node's operator.\n");
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(key)
        .append('=')
        .append(value == null ? "" : value.replace('\n', ' ').replace('\r', ' '))
        .append('\n');
  }

  private static final String[] DEFAULT_ADVICE = {
    "Sửa tệp theo lý do trên rồi đặt lại vào thư mục outbox/.",
    "Fix the file as the reason says and drop it into outbox/ again."
  };

  private static final Map<String, String[]> ADVICE =
      Map.ofEntries(
          Map.entry(
              "duplicate_document",
              new String[] {
                "Văn bản có DocumentId này đã được gửi; không cần gửi lại. Nếu đây là văn bản"
                    + " mới, hãy cấp số/ký hiệu mới.",
                "A document with this DocumentId was already sent; do not send it again. If this"
                    + " is a new document, give it a new number/notation."
              }),
          Map.entry(
              "schema_invalid",
              new String[] {
                "Kiểm tra gói tin bằng lệnh `edxml validate TỆP`, sửa lỗi rồi đặt lại vào outbox/.",
                "Check the package with `edxml validate FILE`, fix it and drop it into outbox/"
                    + " again."
              }),
          Map.entry(
              "unknown_recipient",
              new String[] {
                "Kiểm tra mã định danh nơi nhận (To/OrganId) với danh bạ của nút.",
                "Check the recipients' organ codes (To/OrganId) against the node's directory."
              }),
          Map.entry(
              "envelope_mismatch",
              new String[] {
                "Nơi gửi (From/OrganId) của gói tin phải là cơ quan của cầu nối này.",
                "The package's sender (From/OrganId) must be this bridge's organ."
              }),
          Map.entry(
              "payload_too_large",
              new String[] {
                "Gói tin quá lớn với nút; giảm kích thước tệp đính kèm.",
                "The package is larger than the node accepts; make the attachments smaller."
              }),
          Map.entry(
              "status_unknown_document",
              new String[] {
                "Nút không biết văn bản này; kiểm tra document.id.",
                "The node does not know this document; check document.id."
              }),
          Map.entry(
              "status_duplicate",
              new String[] {
                "Trạng thái này đã được gửi cho văn bản; không cần gửi lại (chỉ 05 được lặp).",
                "This status was already sent for the document; nothing to do (only 05 may"
                    + " repeat)."
              }),
          Map.entry(
              "status_not_participant",
              new String[] {
                "Cơ quan này không phải nơi nhận của văn bản; kiểm tra document.id.",
                "This organ is not a recipient of the document; check document.id."
              }),
          Map.entry(
              "security_failed",
              new String[] {
                "Kiểm tra khóa, chứng thư số và đồng hồ của máy; báo người quản trị nút.",
                "Check the key, the certificate and the computer's clock; tell the node's"
                    + " operator."
              }),
          Map.entry(
              "sender_not_authorized",
              new String[] {
                "Chứng thư số chưa được đăng ký cho cơ quan này tại nút; báo người quản trị nút.",
                "The certificate is not registered for this organ at the node; tell the node's"
                    + " operator."
              }),
          Map.entry(
              PACKAGE_UNREADABLE,
              new String[] {
                "Chỉ đặt gói tin edXML (XML) vào outbox/; kiểm tra bằng `edxml validate TỆP`.",
                "Put only edXML packages (XML) into outbox/; check with `edxml validate FILE`."
              }),
          Map.entry(
              STATUS_FILE_INVALID,
              new String[] {
                "Sửa tệp .status (xem BRIDGE.md) rồi đặt lại vào outbox/.",
                "Fix the .status file (see BRIDGE.md) and drop it into outbox/ again."
              }));
}
