package vn.edxml.node.exchange;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.ObjectFactory;
import vn.edxml.xml.SecureXml;

/** Stores and restores Interchange envelopes as XML text. Thread-safe. */
final class InterchangeXml {

  private static final JAXBContext CONTEXT;

  static {
    try {
      CONTEXT = JAXBContext.newInstance(Interchange.class);
    } catch (JAXBException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * One configured input factory per thread: finding and configuring one cost more than reading.
   */
  private static final ThreadLocal<XMLInputFactory> INPUT =
      ThreadLocal.withInitial(SecureXml::newXmlInputFactory);

  private final ObjectFactory factory = new ObjectFactory();

  String write(Interchange ix) {
    try {
      Marshaller m = CONTEXT.createMarshaller();
      m.setProperty(Marshaller.JAXB_FRAGMENT, true);
      StringWriter out = new StringWriter();
      m.marshal(factory.createInterchange(ix), out);
      return out.toString();
    } catch (JAXBException e) {
      throw new IllegalStateException("cannot write Interchange", e);
    }
  }

  Interchange read(String xml) {
    try {
      XMLStreamReader reader =
          INPUT.get().createXMLStreamReader(new StreamSource(new StringReader(xml)));
      JAXBElement<Interchange> e =
          CONTEXT.createUnmarshaller().unmarshal(reader, Interchange.class);
      return e.getValue();
    } catch (JAXBException | XMLStreamException e) {
      throw new IllegalStateException("stored Interchange cannot be read", e);
    }
  }

  Interchange copy(Interchange ix) {
    return read(write(ix));
  }
}
