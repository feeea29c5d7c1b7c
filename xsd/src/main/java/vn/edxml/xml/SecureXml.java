package vn.edxml.xml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * The one place where XML parsers are configured. Every parser it hands out refuses DTDs (so no
 * entity expansion, no external entity, no DTD fetch), never resolves an external resource, and
 * does no XInclude. Callers add their own {@link XmlLimits} checks on top.
 */
public final class SecureXml {

  private static final String FEATURE_DISALLOW_DOCTYPE =
      "http://apache.org/xml/features/disallow-doctype-decl";
  private static final String FEATURE_EXTERNAL_GENERAL =
      "http://xml.org/sax/features/external-general-entities";
  private static final String FEATURE_EXTERNAL_PARAMETER =
      "http://xml.org/sax/features/external-parameter-entities";
  private static final String FEATURE_LOAD_EXTERNAL_DTD =
      "http://apache.org/xml/features/nonvalidating/load-external-dtd";
  private static final String JDK_MAX_DEPTH = "jdk.xml.maxElementDepth";

  private SecureXml() {}

  /**
   * A namespace-aware SAX parser that rejects any DOCTYPE with a fatal error.
   *
   * @param limits the depth limit is also enforced by the JDK parser itself
   */
  public static SAXParser newSaxParser(XmlLimits limits) {
    try {
      return configure(SAX_FACTORY.get().newSAXParser(), limits);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("The JDK XML parser cannot be configured securely", e);
    }
  }

  /**
   * Lends this thread's SAX parser for one parse, configured like {@link #newSaxParser}; closing
   * the lease resets it for the next parse on this thread. Building a parser costs more than
   * parsing a small package, so the hot paths (validation, routing facts, reading) borrow one
   * instead. A nested parse on the same thread, while the first is still out, gets a parser of its
   * own.
   */
  public static SaxLease leaseSaxParser(XmlLimits limits) {
    SAXParser[] slot = IDLE_PARSER.get();
    SAXParser parser = slot[0];
    slot[0] = null;
    if (parser == null) {
      return new SaxLease(newSaxParser(limits), slot);
    }
    try {
      return new SaxLease(configure(parser, limits), slot);
    } catch (SAXException e) {
      throw new IllegalStateException("The JDK XML parser cannot be configured securely", e);
    }
  }

  /** A parser borrowed by {@link #leaseSaxParser}; use it on this thread only, then close. */
  public static final class SaxLease implements AutoCloseable {
    private final SAXParser parser;
    private final SAXParser[] slot;
    private boolean closed;

    private SaxLease(SAXParser parser, SAXParser[] slot) {
      this.parser = parser;
      this.slot = slot;
    }

    public SAXParser parser() {
      if (closed) {
        throw new IllegalStateException("the parser was given back");
      }
      return parser;
    }

    /**
     * Resets the parser to the factory's configuration (handlers and properties set since are
     * dropped) and keeps it for this thread's next parse; a parser that cannot be reset is dropped.
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        parser.reset();
      } catch (RuntimeException e) {
        return;
      }
      if (slot[0] == null) {
        slot[0] = parser;
      }
    }
  }

  /** At most one idle parser per thread, reset and ready; empty while lent out. */
  private static final ThreadLocal<SAXParser[]> IDLE_PARSER =
      ThreadLocal.withInitial(() -> new SAXParser[1]);

  /**
   * Sets what a parser must not lose: {@link SAXParser#reset()} restores the factory's features
   * (DOCTYPE refused, secure processing) but drops properties set on the parser itself.
   */
  private static SAXParser configure(SAXParser parser, XmlLimits limits) throws SAXException {
    parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    trySetProperty(parser, JDK_MAX_DEPTH, String.valueOf(limits.maxDepth()));
    return parser;
  }

  /**
   * One configured factory per thread: configuring one costs more than parsing a small package (the
   * JDK builds a whole parser to check each feature), and a factory is not thread-safe. Its
   * configuration never changes after this method, so every parser it makes is configured alike.
   */
  private static final ThreadLocal<SAXParserFactory> SAX_FACTORY =
      ThreadLocal.withInitial(SecureXml::newSaxParserFactory);

  private static SAXParserFactory newSaxParserFactory() {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setValidating(false);
      factory.setXIncludeAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature(FEATURE_DISALLOW_DOCTYPE, true);
      factory.setFeature(FEATURE_EXTERNAL_GENERAL, false);
      factory.setFeature(FEATURE_EXTERNAL_PARAMETER, false);
      factory.setFeature(FEATURE_LOAD_EXTERNAL_DTD, false);
      return factory;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("The JDK XML parser cannot be configured securely", e);
    }
  }

  /** A StAX input factory with DTDs and external entities off. */
  public static XMLInputFactory newXmlInputFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new javax.xml.stream.XMLStreamException(
              "External resources are never loaded: " + systemId);
        });
    return factory;
  }

  /**
   * Compiles one of this project's schemas from the classpath. Includes and imports are resolved
   * only next to the schema itself, inside this jar; no other location is read.
   *
   * @param resource classpath resource, e.g. {@code vn/edxml/schemas/qcvn102-edoc.xsd}
   */
  public static Schema loadSchema(ClassLoader loader, String resource) {
    URL url = loader.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("Schema not on the classpath: " + resource);
    }
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // Only our own schema files, from the jar or build folder they ship in.
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
      try (InputStream in = url.openStream()) {
        StreamSource source = new StreamSource(in, url.toExternalForm());
        return factory.newSchema(source);
      }
    } catch (SAXException | IOException e) {
      throw new IllegalStateException("Schema cannot be compiled: " + resource, e);
    }
  }

  /** A validator handler that never follows schema hints in the instance document. */
  public static ValidatorHandler newValidatorHandler(Schema schema) {
    ValidatorHandler handler = schema.newValidatorHandler();
    try {
      handler.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      handler.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
      throw new IllegalStateException("The JDK schema validator cannot be configured securely", e);
    }
    return handler;
  }

  /** A validator that never follows schema hints in the instance document. */
  public static Validator newValidator(Schema schema) {
    Validator validator = schema.newValidator();
    try {
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
      throw new IllegalStateException("The JDK schema validator cannot be configured securely", e);
    }
    return validator;
  }

  private static void trySetProperty(SAXParser parser, String name, String value) {
    try {
      parser.setProperty(name, value);
    } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
      // Not the JDK's built-in parser: the caller's own depth check still applies.
    }
  }
}
