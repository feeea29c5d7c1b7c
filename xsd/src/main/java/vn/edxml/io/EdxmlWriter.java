package vn.edxml.io;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.glassfish.jaxb.runtime.marshaller.NamespacePrefixMapper;
import vn.edxml.io.internal.PrettyStreamWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Status;
import vn.edxml.model.internal.Jaxb;
import vn.edxml.model.internal.OwnEnvelopes;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.status.StatusEnvelope;
import vn.edxml.xml.EdxmlNames;

/**
 * Writes documents and statuses as edXML packages, UTF-8, in the layout real producers use: root
 * {@code edXML} declaring the QCVN namespace as the default namespace, then {@code edXMLEnvelope},
 * then (documents) {@code AttachmentEncoded}:
 *
 * <pre>
 * &lt;edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"&gt;
 *   &lt;edXMLEnvelope&gt; … &lt;/edXMLEnvelope&gt;
 *   &lt;AttachmentEncoded&gt;&lt;Attachment&gt;&lt;ContentId&gt;cid:1&lt;/ContentId&gt; … base64 …
 * </pre>
 *
 * <p>Every element is in the QCVN namespace. The envelope inherits the root's default namespace
 * rather than re-binding an {@code edXML:} prefix as some producers do; receivers match on
 * namespace, so both forms are the same package.
 *
 * <p>The envelope is written in the schema's (VNPT) element order. A signature read from a package
 * is written back as read, in whichever namespace it had; note that re-serialising changes
 * whitespace, so a real XML-DSig over the old bytes no longer verifies. A document always gets a
 * {@code DueDate} tag (empty without a deadline), as the standard requires.
 *
 * <p>Attachment bytes stream from their source through a base64 encoder into the output; nothing is
 * held in memory. The base64 text is <b>not line-wrapped</b>: one line per attachment, as in every
 * national-axis sample (MIME-style 76-character lines would add ~2.6% and gain nothing in XML;
 * readers, including ours, accept both).
 *
 * <p>Immutable and thread-safe.
 */
public final class EdxmlWriter {

  private static final String PREFIX_MAPPER = "org.glassfish.jaxb.namespacePrefixMapper";
  private static final NamespacePrefixMapper PREFIXES =
      new NamespacePrefixMapper() {
        @Override
        public String getPreferredPrefix(String uri, String suggestion, boolean requirePrefix) {
          if (EdxmlNames.QCVN_NS.equals(uri)) {
            return "edXML";
          }
          if (EdxmlNames.XMLDSIG_NS.equals(uri)) {
            return "ds";
          }
          return suggestion;
        }
      };

  /**
   * One output factory per thread: finding one (a service lookup) cost more than a small package.
   */
  private static final ThreadLocal<XMLOutputFactory> OUTPUT =
      ThreadLocal.withInitial(XMLOutputFactory::newFactory);

  private final boolean indent;

  private EdxmlWriter(Builder b) {
    this.indent = b.indent;
  }

  /** A writer with the defaults (indented). */
  public static EdxmlWriter create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Writes {@code pkg} to a file, replacing it. */
  public void write(EdxmlPackage pkg, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
      write(pkg, out);
    }
  }

  /**
   * Writes {@code pkg} to {@code out}, which is flushed but not closed.
   *
   * @throws IOException if writing, or reading an attachment's source, fails
   */
  public void write(EdxmlPackage pkg, OutputStream out) throws IOException {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(out, "out");
    try {
      XMLStreamWriter raw = OUTPUT.get().createXMLStreamWriter(out, "UTF-8");
      XMLStreamWriter xml = new PrettyStreamWriter(raw, indent, pkg instanceof Edoc);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("", "edXML", EdxmlNames.QCVN_NS);
      xml.writeDefaultNamespace(EdxmlNames.QCVN_NS);
      if (pkg instanceof Edoc edoc) {
        marshal(
            Jaxb.edoc().createMarshaller(),
            new JAXBElement<>(Jaxb.ENVELOPE, EdocEnvelope.class, OwnEnvelopes.of(edoc)),
            xml);
        writeAttachments(edoc, xml, out);
      } else if (pkg instanceof Status status) {
        marshal(
            Jaxb.status().createMarshaller(),
            new JAXBElement<>(Jaxb.ENVELOPE, StatusEnvelope.class, OwnEnvelopes.of(status)),
            xml);
      }
      // Close the root, then end the line: whitespace after writeEndDocument() is an error for
      // Woodstox (CXF's StAX implementation), though the JDK's writer tolerates it.
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
      out.flush();
    } catch (XMLStreamException | JAXBException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("Cannot write the edXML package: " + e.getMessage(), e);
    }
  }

  private static void marshal(Marshaller marshaller, JAXBElement<?> envelope, XMLStreamWriter xml)
      throws JAXBException {
    marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
    marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
    marshaller.setProperty(PREFIX_MAPPER, PREFIXES);
    marshaller.marshal(envelope, xml);
  }

  private static void writeAttachments(Edoc edoc, XMLStreamWriter xml, OutputStream out)
      throws XMLStreamException, IOException {
    String ns = EdxmlNames.QCVN_NS;
    xml.writeStartElement("", "AttachmentEncoded", ns);
    for (Attachment a : edoc.attachments()) {
      xml.writeStartElement("", "Attachment", ns);
      text(xml, "ContentId", "cid:" + a.contentId());
      if (!a.name().isEmpty()) {
        text(xml, "AttachmentName", a.name());
      }
      if (a.description().isPresent()) {
        text(xml, "Description", a.description().get());
      }
      if (!a.contentType().isEmpty()) {
        text(xml, "ContentType", a.contentType());
      }
      xml.writeStartElement("", "ContentTransferEncoded", ns);
      try (InputStream in = a.openStream()) {
        writeBase64(in, xml, out);
      }
      xml.writeEndElement();
      if (a.fieldName().isPresent()) {
        text(xml, "FieldName", a.fieldName().get());
      }
      if (a.mimeType().isPresent()) {
        text(xml, "MimeType", a.mimeType().get());
      }
      if (a.format().isPresent()) {
        text(xml, "Format", a.format().get());
      }
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  /** Attachment bytes encoded per step: a multiple of 3, so only the last step has padding. */
  private static final int BASE64_STEP = 48 * 1024;

  /**
   * Writes {@code in} as the text of the element just started, a step at a time: each step's bytes
   * are encoded in one call and go to {@code out} as they are. Base64 is ASCII, the same bytes in
   * UTF-8, and never needs escaping, so the StAX writer (which would check and encode every
   * character again: a third of the time of writing a large package) is only asked to close the
   * start tag and flush what it holds. Memory stays at two buffers whatever the attachment's size.
   */
  private static void writeBase64(InputStream in, XMLStreamWriter xml, OutputStream out)
      throws IOException, XMLStreamException {
    Base64.Encoder encoder = Base64.getEncoder();
    byte[] raw = new byte[BASE64_STEP];
    byte[] encoded = new byte[BASE64_STEP / 3 * 4];
    int n = in.readNBytes(raw, 0, raw.length);
    if (n == 0) {
      return; // an empty element stays <ContentTransferEncoded/>
    }
    xml.writeCharacters(""); // the start tag's '>'
    xml.flush();
    do {
      int length = encoder.encode(n == raw.length ? raw : Arrays.copyOf(raw, n), encoded);
      out.write(encoded, 0, length);
    } while ((n = in.readNBytes(raw, 0, raw.length)) > 0);
  }

  private static void text(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeStartElement("", name, EdxmlNames.QCVN_NS);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }

  /** Configures an {@link EdxmlWriter}. */
  public static final class Builder {
    private boolean indent = true;

    private Builder() {}

    /**
     * Whether to indent elements that hold elements (on by default). Text values are never changed
     * either way.
     */
    public Builder indent(boolean indent) {
      this.indent = indent;
      return this;
    }

    public EdxmlWriter build() {
      return new EdxmlWriter(this);
    }
  }
}
