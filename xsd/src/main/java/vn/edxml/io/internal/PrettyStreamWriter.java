package vn.edxml.io.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import vn.edxml.xml.EdxmlNames;

/**
 * Wraps the StAX writer the package writer and JAXB write through. It indents elements that hold
 * elements (two spaces a level; text-only elements stay on one line, so no text value changes),
 * and, for document packages, writes an empty {@code DueDate} where the envelope has none: the
 * standard wants the tag even without a deadline, and JAXB omits null values.
 */
public final class PrettyStreamWriter implements XMLStreamWriter {

  /** MessageHeader children that come after DueDate in the VNPT order. */
  private static final Set<String> AFTER_DUE_DATE =
      Set.of(
          "OtherInfo",
          "ResponseFor",
          "SteeringType",
          "ResponseForTask",
          "ApplicationType",
          "ToPlaces");

  private final XMLStreamWriter out;
  private final boolean indent;
  private final boolean fillDueDate;
  private final Deque<String> names = new ArrayDeque<>();
  private final Deque<boolean[]> hasChildren = new ArrayDeque<>();
  private boolean dueDateSeen = true;

  public PrettyStreamWriter(XMLStreamWriter out, boolean indent, boolean fillDueDate) {
    this.out = out;
    this.indent = indent;
    this.fillDueDate = fillDueDate;
  }

  private void beforeStart(String namespaceURI, String localName, String prefix)
      throws XMLStreamException {
    if (fillDueDate && EdxmlNames.QCVN_NS.equals(namespaceURI)) {
      if ("MessageHeader".equals(names.peek())) {
        if ("DueDate".equals(localName)) {
          dueDateSeen = true;
        } else if (!dueDateSeen && AFTER_DUE_DATE.contains(localName)) {
          dueDateSeen = true;
          newline();
          out.writeStartElement(prefix == null ? "" : prefix, "DueDate", namespaceURI);
          out.writeEndElement();
        }
      } else if ("MessageHeader".equals(localName) && "edXMLHeader".equals(names.peek())) {
        dueDateSeen = false;
      }
    }
    newline();
  }

  private void newline() throws XMLStreamException {
    if (!hasChildren.isEmpty()) {
      hasChildren.peek()[0] = true;
    }
    if (indent && !names.isEmpty()) {
      out.writeCharacters("\n" + "  ".repeat(names.size()));
    }
  }

  private void pushed(String localName) {
    names.push(localName);
    hasChildren.push(new boolean[1]);
  }

  @Override
  public void writeStartElement(String localName) throws XMLStreamException {
    beforeStart(null, localName, null);
    out.writeStartElement(localName);
    pushed(localName);
  }

  @Override
  public void writeStartElement(String namespaceURI, String localName) throws XMLStreamException {
    beforeStart(namespaceURI, localName, out.getPrefix(namespaceURI));
    out.writeStartElement(namespaceURI, localName);
    pushed(localName);
  }

  @Override
  public void writeStartElement(String prefix, String localName, String namespaceURI)
      throws XMLStreamException {
    beforeStart(namespaceURI, localName, prefix);
    out.writeStartElement(prefix, localName, namespaceURI);
    pushed(localName);
  }

  @Override
  public void writeEmptyElement(String namespaceURI, String localName) throws XMLStreamException {
    beforeStart(namespaceURI, localName, out.getPrefix(namespaceURI));
    out.writeEmptyElement(namespaceURI, localName);
  }

  @Override
  public void writeEmptyElement(String prefix, String localName, String namespaceURI)
      throws XMLStreamException {
    beforeStart(namespaceURI, localName, prefix);
    out.writeEmptyElement(prefix, localName, namespaceURI);
  }

  @Override
  public void writeEmptyElement(String localName) throws XMLStreamException {
    beforeStart(null, localName, null);
    out.writeEmptyElement(localName);
  }

  @Override
  public void writeEndElement() throws XMLStreamException {
    String name = names.pop();
    boolean children = hasChildren.pop()[0];
    if (fillDueDate && "MessageHeader".equals(name) && !dueDateSeen) {
      // A header without any element after DueDate: put it last.
      dueDateSeen = true;
      names.push(name);
      hasChildren.push(new boolean[] {true});
      newline();
      out.writeStartElement(out.getPrefix(EdxmlNames.QCVN_NS), "DueDate", EdxmlNames.QCVN_NS);
      out.writeEndElement();
      names.pop();
      hasChildren.pop();
      children = true;
    }
    if (indent && children) {
      out.writeCharacters("\n" + "  ".repeat(names.size()));
    }
    out.writeEndElement();
  }

  @Override
  public void writeEndDocument() throws XMLStreamException {
    while (!names.isEmpty()) {
      writeEndElement();
    }
    out.writeEndDocument();
  }

  @Override
  public void close() throws XMLStreamException {
    out.close();
  }

  @Override
  public void flush() throws XMLStreamException {
    out.flush();
  }

  @Override
  public void writeAttribute(String localName, String value) throws XMLStreamException {
    out.writeAttribute(localName, value);
  }

  @Override
  public void writeAttribute(String prefix, String namespaceURI, String localName, String value)
      throws XMLStreamException {
    out.writeAttribute(prefix, namespaceURI, localName, value);
  }

  @Override
  public void writeAttribute(String namespaceURI, String localName, String value)
      throws XMLStreamException {
    out.writeAttribute(namespaceURI, localName, value);
  }

  @Override
  public void writeNamespace(String prefix, String namespaceURI) throws XMLStreamException {
    out.writeNamespace(prefix, namespaceURI);
  }

  @Override
  public void writeDefaultNamespace(String namespaceURI) throws XMLStreamException {
    out.writeDefaultNamespace(namespaceURI);
  }

  @Override
  public void writeComment(String data) throws XMLStreamException {
    out.writeComment(data);
  }

  @Override
  public void writeProcessingInstruction(String target) throws XMLStreamException {
    out.writeProcessingInstruction(target);
  }

  @Override
  public void writeProcessingInstruction(String target, String data) throws XMLStreamException {
    out.writeProcessingInstruction(target, data);
  }

  @Override
  public void writeCData(String data) throws XMLStreamException {
    out.writeCData(data);
  }

  @Override
  public void writeDTD(String dtd) throws XMLStreamException {
    throw new XMLStreamException("edXML packages never carry a DTD");
  }

  @Override
  public void writeEntityRef(String name) throws XMLStreamException {
    out.writeEntityRef(name);
  }

  @Override
  public void writeStartDocument() throws XMLStreamException {
    out.writeStartDocument();
  }

  @Override
  public void writeStartDocument(String version) throws XMLStreamException {
    out.writeStartDocument(version);
  }

  @Override
  public void writeStartDocument(String encoding, String version) throws XMLStreamException {
    out.writeStartDocument(encoding, version);
  }

  @Override
  public void writeCharacters(String text) throws XMLStreamException {
    out.writeCharacters(text);
  }

  @Override
  public void writeCharacters(char[] text, int start, int len) throws XMLStreamException {
    out.writeCharacters(text, start, len);
  }

  @Override
  public String getPrefix(String uri) throws XMLStreamException {
    return out.getPrefix(uri);
  }

  @Override
  public void setPrefix(String prefix, String uri) throws XMLStreamException {
    out.setPrefix(prefix, uri);
  }

  @Override
  public void setDefaultNamespace(String uri) throws XMLStreamException {
    out.setDefaultNamespace(uri);
  }

  @Override
  public void setNamespaceContext(NamespaceContext context) throws XMLStreamException {
    out.setNamespaceContext(context);
  }

  @Override
  public NamespaceContext getNamespaceContext() {
    return out.getNamespaceContext();
  }

  @Override
  public Object getProperty(String name) {
    return out.getProperty(name);
  }
}
