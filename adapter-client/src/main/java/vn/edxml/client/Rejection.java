package vn.edxml.client;

import java.util.Locale;
import java.util.Optional;

/**
 * Why the node refused a call.
 *
 * @param codeId the stable code as sent by the node (e.g. {@code duplicate_document})
 * @param message the node's message (English)
 * @param correlationId the id under which the node logged the details; give it to its operator
 * @param retryable whether sending the same request again later can succeed
 */
public record Rejection(String codeId, String message, String correlationId, boolean retryable) {

  /** The code as an enum, when this client version knows it. */
  public Optional<ErrorCode> code() {
    return ErrorCode.fromId(codeId);
  }

  /** A message for a person, in Vietnamese or English, with the correlation id. */
  public String describe(Locale locale) {
    String text = code().map(c -> c.message(locale)).orElse(message);
    String detail =
        message != null
                && code().isPresent()
                && message.length() > text.length()
                && message.startsWith(code().get().message(Locale.ROOT))
            ? message.substring(code().get().message(Locale.ROOT).length()).strip()
            : "";
    String ref = "vi".equals(locale.getLanguage()) ? "mã tương quan" : "correlation id";
    return text
        + (detail.isEmpty() ? "" : " " + detail)
        + " ["
        + codeId
        + ", "
        + ref
        + " "
        + correlationId
        + "]";
  }

  @Override
  public String toString() {
    return codeId + ": " + message + " (correlation id " + correlationId + ")";
  }
}
