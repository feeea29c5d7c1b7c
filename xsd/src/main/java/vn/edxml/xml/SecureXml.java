package vn.edxml.xml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
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
  public static Lease<SAXParser> leaseSaxParser(XmlLimits limits) {
    SAXParser[] slot = IDLE_PARSER.get();
    SAXParser parser = slot[0];
    slot[0] = null;
    try {
      parser = parser == null ? newSaxParser(limits) : configure(parser, limits);
    } catch (SAXException e) {
      throw new IllegalStateException("The JDK XML parser cannot be configured securely", e);
    }
    // Reset to the factory's configuration (handlers and properties set since are dropped); a
    // parser that cannot be reset is dropped.
    return new Lease<>(
        parser,
        p -> {
          p.reset();
          if (slot[0] == null) {
            slot[0] = p;
          }
        });
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

  /**
   * Lends this thread's validator handler for {@code schema} for one document, configured like
   * {@link #newValidatorHandler}. Building one costs more than validating a small package (the JDK
   * builds a whole schema loader for every handler); a handler resets its validation state at each
   * {@code startDocument}, also after a document that was abandoned half-way. The borrower sets its
   * error handler and content handler (and the locale), nothing else; closing the lease drops both
   * handlers and keeps the validator for this thread's next document. A nested lease while the
   * first is out gets a validator of its own.
   */
  public static Lease<ValidatorHandler> leaseValidatorHandler(Schema schema) {
    return leaseFor(
        schema,
        IDLE_HANDLERS,
        SecureXml::newValidatorHandler,
        h -> {
          h.setErrorHandler(null);
          h.setContentHandler(null);
        });
  }

  /**
   * Lends this thread's validator for {@code schema} for one validation, configured like {@link
   * #newValidator}. The borrower sets its error handler, nothing else; closing the lease drops the
   * error and resource handlers and keeps the validator for this thread's next validation. It is
   * not {@link Validator#reset()}: on this JDK a reset validator fails with a NullPointerException
   * on a document with a DOCTYPE, even after its secure properties are set again. A nested lease
   * gets a validator of its own.
   */
  public static Lease<Validator> leaseValidator(Schema schema) {
    return leaseFor(
        schema,
        IDLE_VALIDATORS,
        SecureXml::newValidator,
        v -> {
          v.setErrorHandler(null);
          v.setResourceResolver(null);
        });
  }

  /** This thread's idle one for {@code schema}, or a new one; cleared and kept when given back. */
  private static <T> Lease<T> leaseFor(
      Schema schema,
      ThreadLocal<Map<Schema, T>> idleOfThread,
      Function<Schema, T> make,
      Consumer<T> clear) {
    Map<Schema, T> idle = idleOfThread.get();
    T item = idle.remove(schema);
    return new Lease<>(
        item != null ? item : make.apply(schema),
        it -> {
          clear.accept(it);
          idle.putIfAbsent(schema, it);
        });
  }

  /** Something borrowed for one use on this thread; close it to give it back. */
  public static final class Lease<T> implements AutoCloseable {
    private final T item;
    private final Consumer<T> giveBack;
    private boolean closed;

    private Lease(T item, Consumer<T> giveBack) {
      this.item = item;
      this.giveBack = giveBack;
    }

    public T get() {
      if (closed) {
        throw new IllegalStateException("already given back");
      }
      return item;
    }

    /** Gives it back for this thread's next use; one that cannot be made ready is dropped. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        giveBack.accept(item);
      } catch (RuntimeException e) {
        // dropped: the next lease builds a new one
      }
    }
  }

  /** At most one idle validator handler per schema and thread; none while lent out. */
  private static final ThreadLocal<Map<Schema, ValidatorHandler>> IDLE_HANDLERS =
      ThreadLocal.withInitial(IdentityHashMap::new);

  /** At most one idle validator per schema and thread; none while lent out. */
  private static final ThreadLocal<Map<Schema, Validator>> IDLE_VALIDATORS =
      ThreadLocal.withInitial(IdentityHashMap::new);

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
