package vn.edxml.node.forward;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import vn.edxml.schema.envelope.Interchange;

/** Reads the Interchange envelope a node kept with a message (written by the exchange service). */
final class Envelopes {

  private static final JAXBContext CONTEXT;
  private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

  static {
    try {
      CONTEXT = JAXBContext.newInstance(Interchange.class);
      INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    } catch (JAXBException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Envelopes() {}

  static Interchange read(String xml) {
    try {
      XMLStreamReader reader;
      synchronized (INPUT) {
        reader = INPUT.createXMLStreamReader(new StreamSource(new StringReader(xml)));
      }
      try {
        JAXBElement<Interchange> e =
            CONTEXT.createUnmarshaller().unmarshal(reader, Interchange.class);
        return e.getValue();
      } finally {
        reader.close();
      }
    } catch (JAXBException | XMLStreamException e) {
      throw new IllegalStateException("the stored Interchange envelope is unreadable", e);
    }
  }
}
