package vn.edxml.model.internal;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.status.StatusEnvelope;
import vn.edxml.xml.EdxmlNames;

/**
 * The JAXB contexts of the generated edoc and status packages, created once per class loader (they
 * are thread-safe; marshallers and unmarshallers are not and are made per use). Not public API.
 */
public final class Jaxb {

  /** The edXMLEnvelope element name, for marshalling an envelope on its own. */
  public static final QName ENVELOPE = new QName(EdxmlNames.QCVN_NS, "edXMLEnvelope");

  private Jaxb() {}

  private static final class Edoc {
    static final JAXBContext CONTEXT = create(vn.edxml.schema.edoc.ObjectFactory.class);
  }

  private static final class Status {
    static final JAXBContext CONTEXT = create(vn.edxml.schema.status.ObjectFactory.class);
  }

  /** The context of {@code vn.edxml.schema.edoc}. */
  public static JAXBContext edoc() {
    return Edoc.CONTEXT;
  }

  /** The context of {@code vn.edxml.schema.status}. */
  public static JAXBContext status() {
    return Status.CONTEXT;
  }

  /** A deep copy of {@code envelope} (through a DOM tree); null stays null. */
  public static EdocEnvelope copy(EdocEnvelope envelope) {
    return envelope == null ? null : copy(edoc(), envelope, EdocEnvelope.class);
  }

  /** A deep copy of {@code envelope} (through a DOM tree); null stays null. */
  public static StatusEnvelope copy(StatusEnvelope envelope) {
    return envelope == null ? null : copy(status(), envelope, StatusEnvelope.class);
  }

  private static <T> T copy(JAXBContext context, T value, Class<T> type) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document document = factory.newDocumentBuilder().newDocument();
      Marshaller marshaller = context.createMarshaller();
      marshaller.marshal(new JAXBElement<>(ENVELOPE, type, value), document);
      Unmarshaller unmarshaller = context.createUnmarshaller();
      return unmarshaller.unmarshal(document, type).getValue();
    } catch (JAXBException | ParserConfigurationException e) {
      throw new IllegalStateException("Cannot copy an edXML envelope", e);
    }
  }

  private static JAXBContext create(Class<?> objectFactory) {
    try {
      return JAXBContext.newInstance(objectFactory);
    } catch (JAXBException e) {
      throw new IllegalStateException("JAXB context cannot be created for " + objectFactory, e);
    }
  }
}
