package vn.edxml.bridge;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import vn.edxml.model.DocumentId;
import vn.edxml.model.Organ;
import vn.edxml.model.ResponseFor;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;

/**
 * A status request written by the legacy software: a small UTF-8 properties file {@code
 * NAME.status} in outbox/.
 *
 * <pre>
 * document.id=000.00.01.H99,2025/06/02,125/UBND-VP   # the document the status is about
 * code=03                                            # 01-06, 13, 15 or 16
 * reason=Văn thư đã tiếp nhận                         # required for 02 (rejected); optional else
 * staff=Trần Thị Bình                                 # optional: who acted
 * department=Văn phòng                                # optional
 * # only when the bridge neither sent nor received the document and its DocumentId is not of
 * # the form OrganId,yyyy/MM/dd,Number/Notation:
 * response.organ=000.00.01.H99
 * response.code=125/UBND-VP
 * response.date=2025/06/02
 * </pre>
 *
 * The status package also needs ResponseFor (issuing organ, Number/Notation, promulgation date).
 * The bridge takes them, in this order, from the response.* keys, from its record of the documents
 * it sent and received, or from the DocumentId itself.
 */
final class StatusFile {

  private static final DateTimeFormatter EDXML_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

  private StatusFile() {}

  /** The file is not a usable status request; the message says what to fix. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static boolean isStatusFile(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".status");
  }

  /** Reads a status request and builds the status package it asks for. */
  static Status read(Path file, Organ from, DocumentRecords records) throws IOException, Invalid {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Invalid("the file is not UTF-8 text; save it as UTF-8");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Properties p = new Properties();
    p.load(new StringReader(text));
    String documentId = value(p, "document.id");
    if (documentId == null) {
      throw new Invalid("document.id is missing: give the DocumentId of the document");
    }
    String codeText = value(p, "code");
    if (codeText == null) {
      throw new Invalid("code is missing: give the status code (01-06, 13, 15 or 16)");
    }
    StatusCode code =
        StatusCode.fromCode(codeText.length() == 1 ? "0" + codeText : codeText)
            .orElseThrow(
                () ->
                    new Invalid(
                        "code " + codeText + " is not a status code: use 01-06, 13, 15 or 16"));
    String reason = value(p, "reason") != null ? value(p, "reason") : value(p, "description");
    if (code == StatusCode.REJECTED && reason == null) {
      throw new Invalid("reason is missing: a rejection (02) must say why");
    }
    Status.Builder b =
        Status.builder().from(from).code(code).responseFor(responseFor(p, documentId, records));
    if (reason != null) {
      b.description(reason);
    }
    String staff = value(p, "staff");
    if (staff != null) {
      vn.edxml.model.StaffInfo.Builder s = vn.edxml.model.StaffInfo.builder().staff(staff);
      if (value(p, "department") != null) {
        s.department(value(p, "department"));
      }
      b.staff(s.build());
    }
    try {
      return b.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new Invalid(e.getMessage());
    }
  }

  private static ResponseFor responseFor(Properties p, String documentId, DocumentRecords records)
      throws IOException, Invalid {
    Optional<ResponseFor> recorded = records.find(documentId);
    Optional<DocumentId> parsed = DocumentId.tryParse(documentId);
    String organ =
        first(
            value(p, "response.organ"),
            recorded.map(ResponseFor::organId).orElse(null),
            parsed.map(DocumentId::organId).orElse(null));
    String code =
        first(
            value(p, "response.code"),
            recorded.map(ResponseFor::code).orElse(null),
            parsed.map(d -> d.number() + "/" + d.notation()).orElse(null));
    LocalDate date;
    String dateText = value(p, "response.date");
    if (dateText != null) {
      try {
        date = LocalDate.parse(dateText, EDXML_DATE);
      } catch (DateTimeParseException e) {
        throw new Invalid("response.date " + dateText + " is not a date of the form yyyy/MM/dd");
      }
    } else {
      date =
          recorded
              .map(ResponseFor::promulgationDate)
              .orElse(parsed.map(DocumentId::date).orElse(null));
    }
    if (organ == null || code == null) {
      throw new Invalid(
          "the document "
              + documentId
              + " is unknown to this bridge and its DocumentId is not of the form"
              + " OrganId,yyyy/MM/dd,Number/Notation: add response.organ, response.code and"
              + " response.date");
    }
    return new ResponseFor(organ, code, date, documentId);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
