package vn.edxml.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import org.w3c.dom.Document;
import vn.edxml.io.EdxmlReader;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;

/** Writes, validates and re-reads packages for model tests. */
final class Packages {

  static final Schema EDOC =
      SecureXml.loadSchema(Packages.class.getClassLoader(), EdxmlNames.EDOC_SCHEMA);
  static final Schema STATUS =
      SecureXml.loadSchema(Packages.class.getClassLoader(), EdxmlNames.STATUS_SCHEMA);

  private Packages() {}

  static byte[] write(EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toByteArray();
  }

  /** Writes and validates against the matching schema; returns the bytes. */
  static byte[] writeValid(EdxmlPackage pkg) throws Exception {
    byte[] xml = write(pkg);
    SecureXml.newValidator(pkg instanceof Edoc ? EDOC : STATUS)
        .validate(new StreamSource(new ByteArrayInputStream(xml)));
    return xml;
  }

  static EdxmlPackage read(byte[] xml, Path spool) throws IOException {
    return EdxmlReader.builder()
        .attachmentFolder(spool)
        .build()
        .read(new ByteArrayInputStream(xml));
  }

  static Document dom(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  /** The text of the only element with this local name in the QCVN namespace. */
  static String only(Document dom, String localName) {
    var nodes = dom.getElementsByTagNameNS(EdxmlNames.QCVN_NS, localName);
    if (nodes.getLength() != 1) {
      throw new AssertionError(nodes.getLength() + " elements named " + localName);
    }
    return nodes.item(0).getTextContent();
  }

  static int count(Document dom, String localName) {
    return dom.getElementsByTagNameNS(EdxmlNames.QCVN_NS, localName).getLength();
  }
}
