package vn.edxml.io.internal;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.UnmarshallerHandler;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventLocator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import vn.edxml.io.EdxmlParseException;
import vn.edxml.io.ParseErrorCode;
import vn.edxml.model.Attachment;
import vn.edxml.model.internal.Jaxb;
import vn.edxml.schema.edoc.EdocPackage;
import vn.edxml.schema.status.StatusPackage;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.XmlLimits;

/**
 * One SAX pass over a package. The {@code edXMLEnvelope} subtree is recorded and, once its end
 * tells whether this is a document or a status, replayed into the matching JAXB unmarshaller.
 * {@code AttachmentEncoded/Attachment} children are handled here: the small fields are collected
 * and ContentTransferEncoded is decoded chunk by chunk into a spool file. Elements are matched on
 * namespace and local name, in any order. Not thread-safe: one handler per read.
 */
public final class PackageHandler extends DefaultHandler {

  /** Which generated package the envelope was unmarshalled with. */
  public enum Kind {
    EDOC,
    STATUS
  }

  /** Carries a typed failure through the SAX parser. */
  public static final class Abort extends SAXException {
    private static final long serialVersionUID = 1L;
    private final transient EdxmlParseException error;

    Abort(EdxmlParseException error) {
      super(error.getMessage());
      this.error = error;
    }

    public EdxmlParseException error() {
      return error;
    }
  }

  private static final String NS = EdxmlNames.QCVN_NS;
  private static final Set<String> ATTACHMENT_FIELDS =
      Set.of(
          "ContentId",
          "AttachmentName",
          "Description",
          "ContentType",
          "FieldName",
          "MimeType",
          "Format");
  private static final String CONTENT = "ContentTransferEncoded";

  private final XmlLimits limits;
  private final boolean strict;
  private final Path spoolBase;

  private Locator locator;
  private int depth;
  private long elements;
  private long textRun;
  private final List<String[]> pendingMappings = new ArrayList<>();

  // the root and the recorded envelope
  private boolean rootSeen;
  private List<String[]> rootMappings = List.of();
  private Attributes rootAttributes;
  private String rootQName;
  private EventRecorder recorder;
  private boolean envelopeDone;
  private final String[] path = new String[16];
  private boolean hasStatusCode;
  private boolean hasBody;
  private boolean hasTo;
  private Kind kind;
  private Object envelope;

  // attachments
  private boolean inAttachmentEncoded;
  private Map<String, String> fields;
  private String field;
  private final StringBuilder fieldText = new StringBuilder();
  private Path contentFile;
  private OutputStream contentOut;
  private Base64Sink sink;
  private long contentChars;
  private Path spool;
  private final List<Path> spooled = new ArrayList<>();
  private final List<Attachment> attachments = new ArrayList<>();

  public PackageHandler(XmlLimits limits, boolean strict, Path spoolBase) {
    this.limits = limits;
    this.strict = strict;
    this.spoolBase = spoolBase;
  }

  public Kind kind() {
    return kind;
  }

  /** The unmarshalled {@code EdocEnvelope} or {@code StatusEnvelope}. */
  public Object envelope() {
    return envelope;
  }

  public List<Attachment> attachments() {
    return List.copyOf(attachments);
  }

  /**
   * Deletes the spool files and folder of a failed read. Best effort: it runs while the read's own
   * error propagates, which must not be replaced by a clean-up failure; anything left is in an
   * {@code edxml-*} folder under the attachment folder.
   */
  public void discardSpool() {
    closeQuietly();
    List<Path> paths = new ArrayList<>(spooled);
    if (spool != null) {
      paths.add(spool);
    }
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // see above: the read's own exception is the one to report
      }
    }
  }

  @Override
  public void setDocumentLocator(Locator locator) {
    this.locator = locator;
  }

  @Override
  public void startPrefixMapping(String prefix, String uri) {
    pendingMappings.add(new String[] {prefix, uri});
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    depth++;
    textRun = 0;
    if (++elements > limits.maxElements()) {
      throw fail(ParseErrorCode.LIMIT_EXCEEDED, "more than " + limits.maxElements() + " elements");
    }
    if (depth > limits.maxDepth()) {
      throw fail(ParseErrorCode.LIMIT_EXCEEDED, "elements nested deeper than " + limits.maxDepth());
    }
    if (atts.getLength() > limits.maxAttributesPerElement()) {
      throw fail(
          ParseErrorCode.LIMIT_EXCEEDED,
          "more than " + limits.maxAttributesPerElement() + " attributes on " + qName);
    }
    try {
      if (depth == 1) {
        if (!NS.equals(uri) || !"edXML".equals(localName)) {
          throw fail(
              ParseErrorCode.NOT_EDXML,
              "the root element is {" + uri + "}" + localName + ", not {" + NS + "}edXML");
        }
        rootSeen = true;
        rootMappings = List.copyOf(pendingMappings);
        rootAttributes = new org.xml.sax.helpers.AttributesImpl(atts);
        rootQName = qName;
      } else if (recorder != null) {
        recordStart(uri, localName, qName, atts);
      } else if (depth == 2) {
        if (is(uri, localName, "edXMLEnvelope")) {
          if (envelopeDone) {
            throw fail(ParseErrorCode.NOT_EDXML, "a second edXMLEnvelope");
          }
          recorder = new EventRecorder();
          recordStart(uri, localName, qName, atts);
        } else if (is(uri, localName, "AttachmentEncoded")) {
          inAttachmentEncoded = true;
        } else {
          unexpected(qName);
        }
      } else if (inAttachmentEncoded && depth == 3) {
        if (is(uri, localName, "Attachment")) {
          fields = new HashMap<>();
        } else {
          unexpected(qName);
        }
      } else if (fields != null && depth == 4) {
        startAttachmentField(uri, localName, qName);
      } else if (inAttachmentEncoded) {
        unexpected(qName);
      }
    } finally {
      pendingMappings.clear();
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (sink != null) {
      contentChars += length;
      if (contentChars > limits.maxAttachmentChars()) {
        throw fail(
            ParseErrorCode.LIMIT_EXCEEDED,
            "attachment content longer than " + limits.maxAttachmentChars() + " characters");
      }
      try {
        sink.accept(ch, start, length);
      } catch (Base64Sink.InvalidBase64Exception e) {
        throw fail(ParseErrorCode.BASE64_INVALID, "ContentTransferEncoded: " + e.getMessage());
      } catch (IOException e) {
        throw new SAXException(e);
      }
      return;
    }
    textRun += length;
    if (textRun > limits.maxTextLength()) {
      throw fail(
          ParseErrorCode.LIMIT_EXCEEDED,
          "a text node longer than " + limits.maxTextLength() + " characters");
    }
    if (recorder != null) {
      recorder.text(ch, start, length, locator);
    } else if (field != null) {
      fieldText.append(ch, start, length);
    }
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    characters(ch, start, length);
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    textRun = 0;
    if (recorder != null) {
      recorder.end(uri, localName, qName, locator);
      if (depth == 2) {
        finishEnvelope();
      }
    } else if (fields != null && depth == 4 && field != null) {
      endAttachmentField();
    } else if (fields != null && depth == 3) {
      finishAttachment();
    } else if (depth == 2 && inAttachmentEncoded && is(uri, localName, "AttachmentEncoded")) {
      inAttachmentEncoded = false;
    }
    depth--;
  }

  @Override
  public void endDocument() throws SAXException {
    if (!rootSeen || !envelopeDone) {
      throw fail(ParseErrorCode.NOT_EDXML, "no edXMLEnvelope in the package");
    }
    if (kind == Kind.STATUS && !attachments.isEmpty()) {
      throw fail(ParseErrorCode.NOT_EDXML, "a status package carries attachments");
    }
  }

  @Override
  public void fatalError(SAXParseException e) throws SAXException {
    throw e;
  }

  @Override
  public void error(SAXParseException e) throws SAXException {
    throw e;
  }

  // ------------------------------------------------------------------ envelope

  private void recordStart(String uri, String localName, String qName, Attributes atts) {
    recorder.start(uri, localName, qName, atts, pendingMappings, locator);
    if (depth < path.length) {
      path[depth] = NS.equals(uri) ? localName : null;
    }
    if (NS.equals(uri)) {
      if (depth == 3 && localName.equals("edXMLBody")) {
        hasBody = true;
      } else if (depth == 5 && "MessageHeader".equals(path[4]) && "edXMLHeader".equals(path[3])) {
        hasStatusCode |= localName.equals("StatusCode");
        hasTo |= localName.equals("To");
      }
    }
  }

  private void finishEnvelope() throws SAXException {
    EventRecorder recorded = recorder;
    recorder = null;
    envelopeDone = true;
    kind = hasStatusCode || (!hasBody && !hasTo) ? Kind.STATUS : Kind.EDOC;
    JAXBContext context = kind == Kind.EDOC ? Jaxb.edoc() : Jaxb.status();
    ValidationEvent[] first = new ValidationEvent[1];
    Object result;
    try {
      Unmarshaller unmarshaller = context.createUnmarshaller();
      unmarshaller.setEventHandler(
          event -> {
            boolean fatal =
                event.getLinkedException() != null
                    || event.getSeverity() == ValidationEvent.FATAL_ERROR
                    || strict;
            if (fatal && first[0] == null) {
              first[0] = event;
            }
            return !fatal;
          });
      UnmarshallerHandler target = unmarshaller.getUnmarshallerHandler();
      EventRecorder.ReplayLocator at = new EventRecorder.ReplayLocator();
      target.setDocumentLocator(at);
      target.startDocument();
      for (String[] m : rootMappings) {
        target.startPrefixMapping(m[0], m[1]);
      }
      target.startElement(NS, "edXML", rootQName, rootAttributes);
      recorded.replay(target, at);
      target.endElement(NS, "edXML", rootQName);
      for (String[] m : rootMappings) {
        target.endPrefixMapping(m[0]);
      }
      target.endDocument();
      result = target.getResult();
    } catch (JAXBException | SAXException | RuntimeException e) {
      if (first[0] != null) {
        throw failAt(first[0]);
      }
      throw fail(ParseErrorCode.NOT_EDXML, "the envelope cannot be read: " + e);
    }
    if (first[0] != null) {
      throw failAt(first[0]);
    }
    Object value = result instanceof JAXBElement<?> element ? element.getValue() : result;
    if (value instanceof EdocPackage p && p.getEdXMLEnvelope() != null) {
      envelope = p.getEdXMLEnvelope();
      if (p.getEdXMLEnvelope().getEdXMLHeader() == null
          || p.getEdXMLEnvelope().getEdXMLHeader().getMessageHeader() == null) {
        throw fail(ParseErrorCode.NOT_EDXML, "no edXMLHeader/MessageHeader in the envelope");
      }
    } else if (value instanceof StatusPackage p && p.getEdXMLEnvelope() != null) {
      envelope = p.getEdXMLEnvelope();
      if (p.getEdXMLEnvelope().getEdXMLHeader() == null
          || p.getEdXMLEnvelope().getEdXMLHeader().getMessageHeader() == null) {
        throw fail(ParseErrorCode.NOT_EDXML, "no edXMLHeader/MessageHeader in the envelope");
      }
    } else {
      throw fail(ParseErrorCode.NOT_EDXML, "the envelope cannot be read");
    }
  }

  private Abort failAt(ValidationEvent event) {
    Throwable linked = event.getLinkedException();
    ParseErrorCode code;
    if (causedBy(linked, DateTimeException.class)) {
      code = ParseErrorCode.DATE_INVALID;
    } else if (linked != null || event.getSeverity() == ValidationEvent.FATAL_ERROR) {
      code = ParseErrorCode.VALUE_INVALID;
    } else {
      code = ParseErrorCode.ELEMENT_UNEXPECTED;
    }
    ValidationEventLocator at = event.getLocator();
    int line = at == null ? -1 : at.getLineNumber();
    int column = at == null ? -1 : at.getColumnNumber();
    String message = event.getMessage();
    if (linked != null && linked.getMessage() != null && !linked.getMessage().equals(message)) {
      message = message + " (" + linked.getMessage() + ")";
    }
    return new Abort(new EdxmlParseException(code, message, line, column, linked));
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (int i = 0; t != null && i < 10; t = t.getCause(), i++) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ attachments

  private void startAttachmentField(String uri, String localName, String qName)
      throws SAXException {
    if (!NS.equals(uri) || (!ATTACHMENT_FIELDS.contains(localName) && !CONTENT.equals(localName))) {
      unexpected(qName);
      return;
    }
    if (fields.containsKey(localName)) {
      throw fail(ParseErrorCode.ELEMENT_UNEXPECTED, "a second " + localName + " in Attachment");
    }
    field = localName;
    fieldText.setLength(0);
    if (CONTENT.equals(localName)) {
      try {
        if (spool == null) {
          Path base = spoolBase != null ? spoolBase : Path.of(System.getProperty("java.io.tmpdir"));
          Files.createDirectories(base);
          spool = Files.createTempDirectory(base, "edxml-");
        }
        contentFile = spool.resolve("attachment-" + (attachments.size() + 1) + ".bin");
        spooled.add(contentFile);
        contentOut =
            new BufferedOutputStream(
                Files.newOutputStream(
                    contentFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                64 * 1024);
      } catch (IOException e) {
        throw new SAXException(e);
      }
      sink = new Base64Sink(contentOut);
      contentChars = 0;
    }
  }

  private void endAttachmentField() throws SAXException {
    if (CONTENT.equals(field)) {
      try {
        sink.finish();
        contentOut.close();
      } catch (Base64Sink.InvalidBase64Exception e) {
        throw fail(ParseErrorCode.BASE64_INVALID, "ContentTransferEncoded: " + e.getMessage());
      } catch (IOException e) {
        throw new SAXException(e);
      }
      fields.put(CONTENT, String.valueOf(sink.bytes()));
      sink = null;
      contentOut = null;
    } else {
      fields.put(field, fieldText.toString());
    }
    field = null;
  }

  private void finishAttachment() throws SAXException {
    Map<String, String> f = fields;
    fields = null;
    String id = Attachment.stripCid(f.get("ContentId"));
    if (id == null || id.isEmpty()) {
      throw fail(ParseErrorCode.NOT_EDXML, "an Attachment without ContentId");
    }
    if (!f.containsKey(CONTENT)) {
      throw fail(
          ParseErrorCode.NOT_EDXML, "Attachment cid:" + id + " has no ContentTransferEncoded");
    }
    attachments.add(
        Attachment.builder()
            .contentId(id)
            .name(f.getOrDefault("AttachmentName", "").strip())
            .contentType(f.getOrDefault("ContentType", "").strip())
            .description(f.get("Description"))
            .fieldName(f.get("FieldName"))
            .mimeType(f.get("MimeType"))
            .format(f.get("Format"))
            .content(contentFile)
            .size(Long.parseLong(f.get(CONTENT)))
            .build());
  }

  // ------------------------------------------------------------------ helpers

  private void unexpected(String qName) throws SAXException {
    if (strict) {
      throw fail(ParseErrorCode.ELEMENT_UNEXPECTED, "unexpected element " + qName);
    }
  }

  private static boolean is(String uri, String localName, String expected) {
    return NS.equals(uri) && expected.equals(localName);
  }

  private Abort fail(ParseErrorCode code, String message) {
    int line = locator == null ? -1 : locator.getLineNumber();
    int column = locator == null ? -1 : locator.getColumnNumber();
    return new Abort(new EdxmlParseException(code, message, line, column));
  }

  private void closeQuietly() {
    if (contentOut != null) {
      try {
        contentOut.close();
      } catch (IOException e) {
        // the file is deleted next; nothing more to do with it
      }
      contentOut = null;
    }
  }
}
