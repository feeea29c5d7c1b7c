package vn.edxml.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.Rejection;
import vn.edxml.client.internal.Json;

/**
 * What a command prints: human text in English or Vietnamese on standard output (problems on
 * standard error), or with {@code --json} exactly one JSON object per line on standard output for
 * every result and every problem. Each problem says what to do and maps to an {@link ExitCode}.
 */
final class Output {

  private final String command;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final Locale locale;

  Output(String command, PrintWriter out, PrintWriter err, boolean json, Locale locale) {
    this.command = command;
    this.out = out;
    this.err = err;
    this.json = json;
    this.locale = locale;
  }

  boolean json() {
    return json;
  }

  Locale locale() {
    return locale;
  }

  boolean vietnamese() {
    return "vi".equals(locale.getLanguage());
  }

  /** The English or Vietnamese text, by {@code --lang}. */
  String t(String english, String vietnamese) {
    return vietnamese() ? vietnamese : english;
  }

  /** A line of human text (nothing in JSON mode). */
  void text(String line) {
    if (!json) {
      out.println(line);
    }
  }

  /** A note on standard error (nothing in JSON mode). */
  void note(String line) {
    if (!json) {
      err.println(line);
      err.flush();
    }
  }

  /** A JSON result line (nothing in text mode). */
  void json(Json object) {
    if (json) {
      out.println(Json.object().put("command", command).putAll(object));
    }
  }

  /** The node refused: code, message, correlation id and what to do. */
  int rejected(Rejection r, String about) {
    if (json) {
      out.println(
          Json.object()
              .put("command", command)
              .put("outcome", "rejected")
              .put("about", about)
              .put("code", r.codeId())
              .put("message", r.message())
              .put("correlationId", r.correlationId())
              .put("retryable", r.retryable())
              .put("exit", ExitCode.REJECTED));
    } else {
      err.println(
          "edxml "
              + command
              + ": "
              + (about == null ? "" : about + ": ")
              + t("rejected by the node: ", "bị nút từ chối: ")
              + r.describe(locale));
      if (r.retryable()) {
        err.println(
            t("  This may pass later: try again.", "  Có thể thành công sau: hãy thử lại."));
      } else if (r.correlationId() != null) {
        err.println(
            t(
                "  If the reason is unclear, give the correlation id "
                    + r.correlationId()
                    + " to the node's operator.",
                "  Nếu chưa rõ nguyên nhân, gửi mã tương quan "
                    + r.correlationId()
                    + " cho đơn vị vận hành nút."));
      }
      err.flush();
    }
    return ExitCode.REJECTED;
  }

  /** No (trustworthy) answer from the node. */
  int failed(EdxmlClientException e) {
    int exit = e.untrusted() ? ExitCode.UNTRUSTED : ExitCode.NO_ANSWER;
    String advice =
        e.untrusted()
            ? t(
                "Do not retry: check node.certificate and trust.ca in the configuration.",
                "Không thử lại: kiểm tra node.certificate và trust.ca trong tệp cấu hình.")
            : e.retryable()
                ? t(
                    "Nothing is lost: run the same command again later (a send is never stored"
                        + " twice).",
                    "Không mất dữ liệu: chạy lại lệnh sau (gói tin không bị lưu hai lần).")
                : t("Retrying will not help.", "Thử lại sẽ không có tác dụng.");
    if (json) {
      out.println(
          Json.object()
              .put("command", command)
              .put("outcome", e.untrusted() ? "untrusted" : "no_answer")
              .put("message", e.getMessage())
              .put("retryable", e.retryable())
              .put("exit", exit));
    } else {
      err.println(
          "edxml "
              + command
              + ": "
              + (e.untrusted()
                  ? t("untrusted answer: ", "câu trả lời không tin cậy: ")
                  : t("no answer: ", "không có trả lời: "))
              + e.getMessage());
      err.println("  " + advice);
      err.flush();
    }
    return exit;
  }

  /** A usage, configuration or local I/O problem. */
  int error(String message) {
    if (json) {
      out.println(
          Json.object()
              .put("command", command)
              .put("outcome", "error")
              .put("message", message)
              .put("exit", ExitCode.USAGE));
    } else {
      err.println("edxml " + command + ": " + message);
      err.flush();
    }
    return ExitCode.USAGE;
  }

  /** An exception from local work, explained. */
  int error(Exception e) {
    return error(explain(e));
  }

  static String explain(Exception e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: "
          + f.getFile()
          + (f.getReason() == null ? " — check the path" : " (" + f.getReason() + ")");
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile()
          + (f.getReason() == null
              ? " already exists — remove it or choose another path"
              : " " + f.getReason());
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile() + " — check the file's permissions";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  void flush() {
    out.flush();
    err.flush();
  }
}
