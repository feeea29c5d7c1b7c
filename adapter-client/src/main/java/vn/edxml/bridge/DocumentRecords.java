package vn.edxml.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import javax.xml.parsers.SAXParser;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import vn.edxml.model.ResponseFor;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;
import vn.edxml.xml.XmlLimits;

/**
 * What a status needs to refer to a document (ResponseFor: issuing organ, Number/Notation,
 * promulgation date, DocumentId), kept for every document the bridge sent or received, so that the
 * legacy software's status file only has to name the DocumentId.
 */
final class DocumentRecords {

  private static final DateTimeFormatter EDXML_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

  private final Path folder;

  DocumentRecords(Path folder) {
    this.folder = folder;
  }

  /** Records the header facts of an edoc package file; quietly does nothing for other files. */
  void record(Path packageFile) throws IOException {
    Optional<ResponseFor> facts;
    try (InputStream in = Files.newInputStream(packageFile)) {
      facts = scan(in);
    }
    if (facts.isPresent()) {
      ResponseFor r = facts.get();
      Properties p = new Properties();
      p.setProperty("document.id", r.documentId());
      p.setProperty("organ.id", r.organId());
      p.setProperty("code", r.code());
      if (r.promulgationDate() != null) {
        p.setProperty("promulgation.date", EDXML_DATE.format(r.promulgationDate()));
      }
      StringWriter text = new StringWriter();
      p.store(text, null);
      Durable.writeString(file(r.documentId()), text.toString());
    }
  }

  /** The recorded reference to a document, if the bridge sent or received it. */
  Optional<ResponseFor> find(String documentId) throws IOException {
    Path file = file(documentId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    if (!documentId.equals(p.getProperty("document.id"))) {
      return Optional.empty();
    }
    String date = p.getProperty("promulgation.date");
    return Optional.of(
        new ResponseFor(
            p.getProperty("organ.id", ""),
            p.getProperty("code", ""),
            date == null ? null : LocalDate.parse(date, EDXML_DATE),
            documentId));
  }

  private Path file(String documentId) {
    return folder.resolve(Layout.sha256Hex(documentId).substring(0, 32) + ".properties");
  }

  /** Reads MessageHeader of an edoc up to its end; empty for a status or an unreadable file. */
  static Optional<ResponseFor> scan(InputStream in) throws IOException {
    Header h = new Header();
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      lease.get().parse(in, h);
    } catch (Done e) {
      // The header is read; the attachments are not needed.
    } catch (SAXException e) {
      return Optional.empty();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (h.status || h.documentId == null || h.organId == null) {
      return Optional.empty();
    }
    String code =
        h.number == null
            ? ""
            : (h.notation == null || h.notation.isEmpty() ? h.number : h.number + "/" + h.notation);
    LocalDate date = null;
    if (h.date != null) {
      try {
        date = LocalDate.parse(h.date, EDXML_DATE);
      } catch (DateTimeParseException e) {
        date = null;
      }
    }
    return Optional.of(new ResponseFor(h.organId, code, date, h.documentId));
  }

  /** Stops the parse at the end of MessageHeader. */
  private static final class Done extends SAXException {
    private static final long serialVersionUID = 1L;
  }

  private static final class Header extends DefaultHandler {
    private final Deque<String> path = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    boolean status;
    String organId;
    String number;
    String notation;
    String date;
    String documentId;

    @Override
    public void startElement(String uri, String local, String qName, Attributes attributes) {
      path.push(EdxmlNames.QCVN_NS.equals(uri) ? local : "{" + uri + "}" + local);
      text.setLength(0);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (text.length() < 4096) {
        text.append(ch, start, Math.min(length, 4096 - text.length()));
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) throws SAXException {
      String value = text.toString().strip();
      path.pop();
      String parent = path.isEmpty() ? "" : path.peek();
      switch (local) {
        case "MessageHeader" -> throw new Done();
        case "StatusCode" -> status = true;
        case "OrganId" -> {
          if ("From".equals(parent) && inMessageHeader(1)) {
            organId = value;
          }
        }
        case "CodeNumber" -> number = "Code".equals(parent) ? value : number;
        case "CodeNotation" -> notation = "Code".equals(parent) ? value : notation;
        case "PromulgationDate" -> date = "PromulgationInfo".equals(parent) ? value : date;
        case "DocumentId" -> documentId = "MessageHeader".equals(parent) ? value : documentId;
        default -> {}
      }
      text.setLength(0);
    }

    private boolean inMessageHeader(int depth) {
      int i = 0;
      for (String p : path) {
        if (i++ == depth) {
          return "MessageHeader".equals(p);
        }
      }
      return false;
    }
  }
}
