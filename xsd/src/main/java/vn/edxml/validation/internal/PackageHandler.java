package vn.edxml.validation.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import vn.edxml.validation.PackageKind;
import vn.edxml.validation.RuleCode;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;
import vn.edxml.xml.XmlLimits;

/**
 * One streaming pass over a package. It tracks the XPath and location of every element, enforces
 * {@link XmlLimits}, feeds both package schemas at once (the kind is known only once the header has
 * been read; the matching schema's errors are used), checks attachment base64 incrementally while
 * handing the schema validators a short stand-in, and keeps a small tree of everything but
 * attachment content for the rules.
 */
final class PackageHandler extends DefaultHandler implements AutoCloseable {

  /** Parsing stops: the finding that says why has already been added. */
  static final class Stop extends SAXException {
    private static final long serialVersionUID = 1L;

    Stop(String message) {
      super(message);
    }
  }

  /** A schema error, located. */
  record SchemaError(String xpath, int line, int column, String message) {}

  private static final int MAX_NODES = 100_000;
  private static final long MAX_TREE_TEXT = 8L << 20;
  private static final int MAX_SCHEMA_ERRORS = 200;
  private static final String LOCALE_PROPERTY = "http://apache.org/xml/properties/locale";

  private static final class Frame {
    final String name;
    final String xpath;
    final Node node;
    final boolean base64;
    Map<String, Integer> childCounts;

    Frame(String name, String xpath, Node node, boolean base64) {
      this.name = name;
      this.xpath = xpath;
      this.node = node;
      this.base64 = base64;
    }
  }

  private final XmlLimits limits;
  private final FindingSink sink;
  private final GuardedInputStream in;
  private final SecureXml.Lease<ValidatorHandler> edocLease;
  private final SecureXml.Lease<ValidatorHandler> statusLease;
  private final ValidatorHandler edocValidator;
  private final ValidatorHandler statusValidator;
  private final List<SchemaError> edocErrors = new ArrayList<>();
  private final List<SchemaError> statusErrors = new ArrayList<>();
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private Locator locator;
  private Node root;
  private int nodes;
  private long treeText;
  private long elements;
  private long textLength;
  private Base64Checker base64;
  private boolean edocSignal;
  private boolean statusSignal;
  private boolean completed;

  PackageHandler(XmlLimits limits, FindingSink sink, GuardedInputStream in) {
    this.limits = limits;
    this.sink = sink;
    this.in = in;
    this.edocLease = SecureXml.leaseValidatorHandler(Schemas.edoc());
    this.statusLease = SecureXml.leaseValidatorHandler(Schemas.status());
    this.edocValidator = validator(edocLease.get(), edocErrors);
    this.statusValidator = validator(statusLease.get(), statusErrors);
  }

  /** Gives the schema validators back to this thread (the findings stay readable). */
  @Override
  public void close() {
    edocLease.close();
    statusLease.close();
  }

  private ValidatorHandler validator(ValidatorHandler handler, List<SchemaError> errors) {
    try {
      handler.setProperty(LOCALE_PROPERTY, Locale.ENGLISH);
    } catch (SAXException e) {
      // Not the JDK's Xerces: messages come in the JVM's language.
    }
    handler.setErrorHandler(
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) {
            // Schema warnings are not findings.
          }

          @Override
          public void error(SAXParseException e) {
            record(errors, e);
          }

          @Override
          public void fatalError(SAXParseException e) {
            record(errors, e);
          }
        });
    return handler;
  }

  private void record(List<SchemaError> errors, SAXParseException e) {
    if (errors.size() < MAX_SCHEMA_ERRORS) {
      String xpath = stack.isEmpty() ? "" : stack.peek().xpath;
      errors.add(new SchemaError(xpath, e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
    }
  }

  Node root() {
    return root;
  }

  boolean rootSeen() {
    return root != null || elements > 0;
  }

  boolean completed() {
    return completed;
  }

  /** The kind, from what the document contained. */
  PackageKind kind() {
    if (statusSignal && !edocSignal) {
      return PackageKind.STATUS;
    }
    if (edocSignal && !statusSignal) {
      return PackageKind.EDOC;
    }
    if (edocSignal) {
      return statusErrors.size() < edocErrors.size() ? PackageKind.STATUS : PackageKind.EDOC;
    }
    return PackageKind.UNKNOWN;
  }

  /** The errors of the schema that fits the kind (the document schema when unknown). */
  List<SchemaError> schemaErrors(PackageKind kind) {
    return kind == PackageKind.STATUS ? statusErrors : edocErrors;
  }

  int line() {
    return locator == null ? 0 : locator.getLineNumber();
  }

  int column() {
    return locator == null ? 0 : locator.getColumnNumber();
  }

  private String xpath() {
    return stack.isEmpty() ? "" : stack.peek().xpath;
  }

  private Stop stop(RuleCode code, String variant, Object... args) {
    sink.addVariant(code, variant, line(), column(), xpath(), args);
    return new Stop(code.id());
  }

  @Override
  public void setDocumentLocator(Locator locator) {
    this.locator = locator;
    edocValidator.setDocumentLocator(locator);
    statusValidator.setDocumentLocator(locator);
  }

  @Override
  public void startDocument() throws SAXException {
    edocValidator.startDocument();
    statusValidator.startDocument();
  }

  @Override
  public void endDocument() throws SAXException {
    edocValidator.endDocument();
    statusValidator.endDocument();
    completed = true;
  }

  @Override
  public void startPrefixMapping(String prefix, String uri) throws SAXException {
    in.event();
    edocValidator.startPrefixMapping(prefix, uri);
    statusValidator.startPrefixMapping(prefix, uri);
  }

  @Override
  public void endPrefixMapping(String prefix) throws SAXException {
    edocValidator.endPrefixMapping(prefix);
    statusValidator.endPrefixMapping(prefix);
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    in.event();
    elements++;
    Frame parent = stack.peek();
    String xpath;
    if (parent == null) {
      xpath = "/" + localName;
    } else {
      if (parent.childCounts == null) {
        parent.childCounts = new HashMap<>();
      }
      int index = parent.childCounts.merge(localName, 1, Integer::sum);
      xpath = parent.xpath + "/" + localName + "[" + index + "]";
    }
    boolean isBase64 =
        parent != null
            && "ContentTransferEncoded".equals(localName)
            && "Attachment".equals(parent.name);
    Node node = null;
    if (parent == null) {
      node = new Node(uri, localName, xpath, line(), column(), null);
      root = node;
      nodes++;
    } else if (parent.node != null && nodes < MAX_NODES) {
      node = new Node(uri, localName, xpath, line(), column(), parent.node);
      nodes++;
    }
    stack.push(new Frame(localName, xpath, node, isBase64));
    textLength = 0;

    if (elements > limits.maxElements()) {
      throw stop(RuleCode.LIMIT_EXCEEDED, "elements", limits.maxElements());
    }
    if (stack.size() > limits.maxDepth()) {
      throw stop(RuleCode.LIMIT_EXCEEDED, "depth", limits.maxDepth());
    }
    if (atts.getLength() > limits.maxAttributesPerElement()) {
      throw stop(RuleCode.LIMIT_EXCEEDED, "attributes", limits.maxAttributesPerElement());
    }
    for (int i = 0; i < atts.getLength(); i++) {
      if (atts.getValue(i).length() > limits.maxTextLength()) {
        throw stop(RuleCode.LIMIT_EXCEEDED, "attribute_length", limits.maxTextLength());
      }
      if (node != null) {
        node.attribute(atts.getLocalName(i), atts.getValue(i));
      }
    }
    if (parent == null && !(EdxmlNames.QCVN_NS.equals(uri) && "edXML".equals(localName))) {
      throw stop(RuleCode.NOT_EDXML, null, uri.isEmpty() ? localName : "{" + uri + "}" + localName);
    }
    if (parent != null) {
      if ("MessageHeader".equals(parent.name)) {
        if ("StatusCode".equals(localName)) {
          statusSignal = true;
        } else if ("To".equals(localName)
            || "DocumentId".equals(localName)
            || "Code".equals(localName)) {
          edocSignal = true;
        }
      } else if ("edXMLEnvelope".equals(parent.name) && "edXMLBody".equals(localName)) {
        edocSignal = true;
      }
    }
    if (isBase64) {
      base64 = new Base64Checker();
      if (node != null) {
        node.base64(base64);
      }
    }
    edocValidator.startElement(uri, localName, qName, atts);
    statusValidator.startElement(uri, localName, qName, atts);
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    in.event();
    Frame frame = stack.peek();
    if (frame != null && frame.base64) {
      base64.update(ch, start, length);
      if (base64.chars() > limits.maxAttachmentChars()) {
        throw stop(RuleCode.LIMIT_EXCEEDED, "attachment", limits.maxAttachmentChars());
      }
      return;
    }
    textLength += length;
    if (textLength > limits.maxTextLength()) {
      throw stop(RuleCode.LIMIT_EXCEEDED, "text", limits.maxTextLength());
    }
    if (frame != null && frame.node != null && treeText < MAX_TREE_TEXT) {
      frame.node.appendText(ch, start, length);
      treeText += length;
    }
    edocValidator.characters(ch, start, length);
    statusValidator.characters(ch, start, length);
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    characters(ch, start, length);
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    in.event();
    Frame frame = stack.peek();
    if (frame != null && frame.base64) {
      base64.finish();
      // The schema validator sees a short stand-in, never the attachment itself.
      char[] standIn = base64.blank() ? new char[0] : "AAAA".toCharArray();
      edocValidator.characters(standIn, 0, standIn.length);
      statusValidator.characters(standIn, 0, standIn.length);
      base64 = null;
    }
    edocValidator.endElement(uri, localName, qName);
    statusValidator.endElement(uri, localName, qName);
    stack.pop();
    textLength = 0;
  }

  @Override
  public void processingInstruction(String target, String data) {
    in.event();
  }
}
