package vn.edxml.validation.internal;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.SAXParser;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import vn.edxml.validation.Finding;
import vn.edxml.validation.Mode;
import vn.edxml.validation.PackageKind;
import vn.edxml.validation.RuleCode;
import vn.edxml.validation.ValidationReport;
import vn.edxml.xml.SecureXml;
import vn.edxml.xml.XmlLimits;

/** Validates one package: parse once, then schema errors and rules. Not thread-safe; one use. */
public final class PackageValidation {

  private static final String LOCALE_PROPERTY = "http://apache.org/xml/properties/locale";

  private final Mode mode;
  private final XmlLimits limits;
  private final Clock clock;

  public PackageValidation(Mode mode, XmlLimits limits, Clock clock) {
    this.mode = mode;
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Validates the stream. Problems of the content are findings; only a failure to read the bytes
   * themselves is an exception.
   *
   * @throws IOException when the stream cannot be read (not when its content is bad)
   */
  public ValidationReport validate(InputStream raw, String source) throws IOException {
    FindingSink sink = new FindingSink(mode);
    long stall = 4L * limits.maxTextLength() + 65_536;
    GuardedInputStream in = new GuardedInputStream(raw, limits.maxDocumentBytes(), stall);
    try (PackageHandler handler = new PackageHandler(limits, sink, in)) {
      return validate(handler, in, sink, source);
    }
  }

  private ValidationReport validate(
      PackageHandler handler, GuardedInputStream in, FindingSink sink, String source)
      throws IOException {
    try {
      try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(limits)) {
        XMLReader reader = lease.get().getXMLReader();
        try {
          reader.setProperty(LOCALE_PROPERTY, Locale.ENGLISH);
        } catch (SAXException e) {
          // Not the JDK's Xerces: parser messages come in the JVM's language.
        }
        reader.setContentHandler(handler);
        reader.setErrorHandler(null);
        reader.parse(new InputSource(in));
      }
    } catch (PackageHandler.Stop stop) {
      // The finding is already there.
    } catch (SAXParseException e) {
      parseError(e, handler, sink);
    } catch (SAXException e) {
      if (!(e.getCause() instanceof PackageHandler.Stop)) {
        sink.add(RuleCode.XML_MALFORMED, handler.line(), handler.column(), "", message(e));
      }
    } catch (GuardedInputStream.LimitReached e) {
      sink.addVariant(
          RuleCode.LIMIT_EXCEEDED,
          e.stall ? "stall" : "bytes",
          handler.line(),
          handler.column(),
          "",
          e.limit);
    } catch (CharConversionException e) {
      sink.add(
          handler.rootSeen() ? RuleCode.XML_MALFORMED : RuleCode.NOT_XML,
          handler.line(),
          handler.column(),
          "",
          message(e));
    }
    PackageKind kind = handler.kind();
    if (handler.completed() && handler.root() != null) {
      Rules.check(handler.root(), kind, sink, clock);
      addSchemaErrors(handler.schemaErrors(kind), sink);
    }
    List<Finding> findings = new ArrayList<>(sink.findings());
    findings.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : 0);
    return new ValidationReport(source, kind, mode, findings);
  }

  private static void parseError(SAXParseException e, PackageHandler handler, FindingSink sink) {
    String text = message(e);
    int line = Math.max(e.getLineNumber(), 0);
    int column = Math.max(e.getColumnNumber(), 0);
    if (text.contains("DOCTYPE") || text.contains("disallow-doctype-decl")) {
      sink.add(RuleCode.DTD_FORBIDDEN, line, column, "");
    } else if (text.contains("maxElementDepth") || text.contains("JAXP00")) {
      sink.addVariant(RuleCode.LIMIT_EXCEEDED, "parser", line, column, "", text);
    } else if (handler.rootSeen()) {
      sink.add(RuleCode.XML_MALFORMED, line, column, "", text);
    } else {
      sink.add(RuleCode.NOT_XML, line, column, "", text);
    }
  }

  /** The parser's message without a trailing full stop (the bundles add their own). */
  private static String message(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    while (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m;
  }

  /**
   * Schema errors become findings, merged per element, and dropped where a more specific rule
   * already reported the same element (e.g. an unknown StatusCode, a malformed date).
   */
  private static void addSchemaErrors(List<PackageHandler.SchemaError> errors, FindingSink sink) {
    List<String> covered = sink.findings().stream().map(Finding::xpath).toList();
    PackageHandler.SchemaError first = null;
    StringBuilder merged = new StringBuilder();
    for (PackageHandler.SchemaError e : errors) {
      if (covered.contains(e.xpath())) {
        continue;
      }
      if (first != null && first.xpath().equals(e.xpath())) {
        merged.append(' ').append(e.message());
        continue;
      }
      flush(first, merged, sink);
      first = e;
      merged.setLength(0);
      merged.append(e.message());
    }
    flush(first, merged, sink);
  }

  private static void flush(PackageHandler.SchemaError e, StringBuilder message, FindingSink sink) {
    if (e != null) {
      sink.add(RuleCode.SCHEMA_INVALID, e.line(), e.column(), e.xpath(), message.toString());
    }
  }
}
