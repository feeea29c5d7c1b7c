package vn.edxml.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.parsers.SAXParser;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;
import vn.edxml.xml.XmlLimits;

/**
 * Reads the routing facts out of a package in one bounded SAX pass: DTDs refused, depth, element
 * count and text size limited. Every fact is inside the root's {@code edXMLEnvelope}, so the pass
 * stops at the end of that element: the attachments after it (nearly all of a large package) are
 * not read at all. Whether the rest of the package is well-formed and valid is the validator's
 * business (the node validates every package before reading its facts). Used by the node to route
 * what it receives and by the client to address what it sends. Thread-safe.
 */
public final class PackageSummaryReader {

  private final XmlLimits limits;

  public PackageSummaryReader() {
    this(XmlLimits.DEFAULT);
  }

  public PackageSummaryReader(XmlLimits limits) {
    this.limits = limits;
  }

  /**
   * Reads the summary of one package.
   *
   * @throws UnreadablePackageException when the bytes are not a readable edXML package; its message
   *     says where and why
   */
  public PackageSummary read(InputStream in) throws IOException {
    Handler handler = new Handler(limits);
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(limits)) {
      lease.get().parse(in, handler);
    } catch (EnvelopeRead e) {
      // every fact is known: the attachments after the envelope are not needed
    } catch (SAXParseException e) {
      throw new UnreadablePackageException(
          "Line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + clean(e), e);
    } catch (SAXException e) {
      throw new UnreadablePackageException(clean(e), e);
    }
    try {
      return handler.facts();
    } catch (SAXException e) {
      throw new UnreadablePackageException(clean(e), e);
    }
  }

  /** The bytes are not a readable edXML package. */
  public static final class UnreadablePackageException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadablePackageException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Ends the pass at the end of the root's envelope (not an error). */
  private static final class EnvelopeRead extends SAXException {
    private static final long serialVersionUID = 1L;

    EnvelopeRead() {
      super("the envelope has been read");
    }
  }

  private static String clean(SAXException e) {
    String m = e.getMessage() == null ? "unreadable XML" : e.getMessage();
    return m.length() > 300 ? m.substring(0, 300) : m;
  }

  private static final class Handler extends DefaultHandler {
    private final XmlLimits limits;
    private final Deque<String> path = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private boolean collecting;
    private long elements;
    private boolean skippingContent;

    private String root;
    private boolean sawStatusCode;
    private boolean sawBody;
    private String from;
    private final List<String> to = new ArrayList<>();
    private String documentId;
    private Integer businessType;
    private String subject;
    private String description;
    private String statusCode;
    private String responseForOrgan;
    private String responseForDocumentId;

    Handler(XmlLimits limits) {
      this.limits = limits;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes attributes)
        throws SAXException {
      if (++elements > limits.maxElements()) {
        throw new SAXException("more than " + limits.maxElements() + " elements");
      }
      if (path.size() >= limits.maxDepth()) {
        throw new SAXException("elements nested deeper than " + limits.maxDepth());
      }
      if (attributes.getLength() > limits.maxAttributesPerElement()) {
        throw new SAXException("more than " + limits.maxAttributesPerElement() + " attributes");
      }
      if (root == null) {
        root = local;
        if (!EdxmlNames.QCVN_NS.equals(uri) || !"edXML".equals(local)) {
          throw new SAXException(
              "the root element must be edXML in namespace " + EdxmlNames.QCVN_NS);
        }
      }
      path.push(EdxmlNames.QCVN_NS.equals(uri) ? local : "{" + uri + "}" + local);
      if ("edXMLBody".equals(local)) {
        sawBody = true;
      }
      skippingContent = "ContentTransferEncoded".equals(local);
      collecting = !skippingContent;
      text.setLength(0);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      if (collecting) {
        if (text.length() + length > limits.maxTextLength()) {
          throw new SAXException("a text longer than " + limits.maxTextLength() + " characters");
        }
        text.append(ch, start, length);
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) throws SAXException {
      String value = text.toString().strip();
      String parent = path.size() > 1 ? parentName() : "";
      String grand = grandParentName();
      if (EdxmlNames.QCVN_NS.equals(uri)) {
        switch (local) {
          case "OrganId" -> {
            if ("From".equals(parent) && "MessageHeader".equals(grand)) {
              from = value;
            } else if ("To".equals(parent) && "MessageHeader".equals(grand)) {
              to.add(value);
            } else if ("ResponseFor".equals(parent) && "MessageHeader".equals(grand)) {
              responseForOrgan = value;
            }
          }
          case "DocumentId" -> {
            if ("MessageHeader".equals(parent)) {
              documentId = value;
            } else if ("ResponseFor".equals(parent) && "MessageHeader".equals(grand)) {
              responseForDocumentId = value;
            }
          }
          case "BussinessDocType" -> businessType = parseInt(value);
          case "Subject" -> {
            if ("MessageHeader".equals(parent)) {
              subject = value;
            }
          }
          case "Description" -> {
            if ("MessageHeader".equals(parent)) {
              description = value;
            }
          }
          case "StatusCode" -> {
            if ("MessageHeader".equals(parent)) {
              sawStatusCode = true;
              statusCode = value;
            }
          }
          default -> {}
        }
      }
      path.pop();
      text.setLength(0);
      collecting = false;
      skippingContent = false;
      if (path.size() == 1 && "edXMLEnvelope".equals(local) && EdxmlNames.QCVN_NS.equals(uri)) {
        throw new EnvelopeRead();
      }
    }

    private String parentName() {
      var it = path.iterator();
      it.next();
      return it.hasNext() ? it.next() : "";
    }

    private String grandParentName() {
      var it = path.iterator();
      for (int i = 0; i < 2 && it.hasNext(); i++) {
        it.next();
      }
      return it.hasNext() ? it.next() : "";
    }

    private static Integer parseInt(String v) {
      try {
        return Integer.valueOf(v);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    PackageSummary facts() throws SAXException {
      boolean status = sawStatusCode && !sawBody;
      if (from == null || from.isEmpty()) {
        throw new SAXException("MessageHeader/From/OrganId is missing");
      }
      if (status) {
        if (responseForDocumentId == null || responseForDocumentId.isEmpty()) {
          throw new SAXException("ResponseFor/DocumentId is missing");
        }
        return new PackageSummary(
            "status",
            from,
            List.of(),
            responseForDocumentId,
            null,
            description,
            statusCode,
            responseForOrgan);
      }
      if (documentId == null || documentId.isEmpty()) {
        throw new SAXException("MessageHeader/DocumentId is missing");
      }
      if (to.isEmpty()) {
        throw new SAXException("MessageHeader/To is missing");
      }
      return new PackageSummary(
          "edoc",
          from,
          to,
          documentId,
          businessType == null ? 0 : businessType,
          subject,
          null,
          null);
    }
  }
}
