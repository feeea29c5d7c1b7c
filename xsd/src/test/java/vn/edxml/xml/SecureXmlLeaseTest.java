package vn.edxml.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParser;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import org.junit.jupiter.api.Test;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * A parser lent by {@link SecureXml#leaseSaxParser} is used again on the same thread: it must come
 * back exactly as strict as a new one (DOCTYPE refused, depth limit of the new lease), whatever the
 * parse before it did. The same for schema validators ({@link SecureXml#leaseValidatorHandler},
 * {@link SecureXml#leaseValidator}): what one document did never shows in the next one's verdict.
 */
class SecureXmlLeaseTest {

  private static final XmlLimits SHALLOW = new XmlLimits(8, 1_000, 8, 4096, 0, 1 << 20);

  @Test
  void aReturnedParserIsLentAgainOnTheSameThread() throws Exception {
    SAXParser first;
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      first = lease.get();
      assertEquals(List.of("a", "b"), names(first, "<a><b/></a>"));
    }
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertSame(first, lease.get());
      assertEquals(List.of("c"), names(lease.get(), "<c/>"));
    }
  }

  @Test
  void aNestedLeaseGetsAParserOfItsOwn() {
    try (SecureXml.Lease<SAXParser> outer = SecureXml.leaseSaxParser(XmlLimits.DEFAULT);
        SecureXml.Lease<SAXParser> inner = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertNotSame(outer.get(), inner.get());
    }
  }

  @Test
  void aReusedParserStillRefusesDoctypes() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
        assertEquals(List.of("ok"), names(lease.get(), "<ok/>"));
      }
      try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
        SAXParseException e =
            assertThrows(
                SAXParseException.class,
                () ->
                    names(
                        lease.get(),
                        "<!DOCTYPE a [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]><a>&x;</a>"));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
      }
    }
  }

  @Test
  void aParseStoppedHalfWayLeavesNothingForTheNext() throws Exception {
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      DefaultHandler stopAtB =
          new DefaultHandler() {
            @Override
            public void startElement(String uri, String local, String q, Attributes a)
                throws SAXException {
              if ("b".equals(local)) {
                throw new SAXException("stop");
              }
            }
          };
      assertThrows(
          SAXException.class,
          () -> lease.get().parse(new ByteArrayInputStream(bytes("<a><b/><c/></a>")), stopAtB));
    }
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertEquals(List.of("x", "y"), names(lease.get(), "<x><y/></x>"));
    }
  }

  @Test
  void eachLeaseCarriesItsOwnDepthLimit() throws Exception {
    String deep = "<e>".repeat(20) + "</e>".repeat(20);
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertEquals(20, names(lease.get(), deep).size());
    }
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(SHALLOW)) {
      assertThrows(SAXParseException.class, () -> names(lease.get(), deep));
    }
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertEquals(20, names(lease.get(), deep).size());
    }
  }

  @Test
  void aClosedLeaseNoLongerHandsOutItsParser() {
    SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT);
    lease.close();
    assertThrows(IllegalStateException.class, lease::get);
  }

  private static final String SCHEMA =
      "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
          + "<xs:element name='a'><xs:complexType><xs:sequence>"
          + "<xs:element name='b' type='xs:int' maxOccurs='unbounded'/>"
          + "</xs:sequence></xs:complexType></xs:element></xs:schema>";

  @Test
  void aValidatorHandlerAbandonedHalfWayJudgesTheNextDocumentAlone() throws Exception {
    Schema schema = schema();
    ValidatorHandler first;
    try (SecureXml.Lease<ValidatorHandler> lease = SecureXml.leaseValidatorHandler(schema)) {
      first = lease.get();
      List<String> errors = new ArrayList<>();
      // An invalid value, then the parse stops inside the second b: the document never ends.
      assertThrows(
          SAXException.class,
          () -> validate(lease.get(), "<a><b>x</b><b>1</b><b>2</b></a>", errors, "b", 2));
      assertFalse(errors.isEmpty());
      assertTrue(errors.stream().allMatch(e -> e.contains("'x'")), errors.toString());
    }
    try (SecureXml.Lease<ValidatorHandler> lease = SecureXml.leaseValidatorHandler(schema)) {
      assertSame(first, lease.get());
      List<String> errors = new ArrayList<>();
      validate(lease.get(), "<a><b>1</b><b>2</b></a>", errors, null, 0);
      assertEquals(List.of(), errors);
    }
    try (SecureXml.Lease<ValidatorHandler> lease = SecureXml.leaseValidatorHandler(schema)) {
      List<String> errors = new ArrayList<>();
      validate(lease.get(), "<a><c/></a>", errors, null, 0);
      assertFalse(errors.isEmpty());
      assertTrue(errors.stream().allMatch(e -> e.contains("'c'")), errors.toString());
    }
  }

  @Test
  void aGivenBackValidatorHandlerKeepsNoHandlerOfItsBorrower() throws Exception {
    Schema schema = schema();
    ValidatorHandler handler;
    try (SecureXml.Lease<ValidatorHandler> lease = SecureXml.leaseValidatorHandler(schema)) {
      handler = lease.get();
      validate(handler, "<a><b>1</b></a>", new ArrayList<>(), null, 0);
    }
    assertNull(handler.getErrorHandler());
    assertNull(handler.getContentHandler());
  }

  @Test
  void aNestedValidatorLeaseGetsOneOfItsOwn() throws Exception {
    Schema schema = schema();
    try (SecureXml.Lease<ValidatorHandler> outer = SecureXml.leaseValidatorHandler(schema);
        SecureXml.Lease<ValidatorHandler> inner = SecureXml.leaseValidatorHandler(schema)) {
      assertNotSame(outer.get(), inner.get());
    }
    try (SecureXml.Lease<Validator> outer = SecureXml.leaseValidator(schema);
        SecureXml.Lease<Validator> inner = SecureXml.leaseValidator(schema)) {
      assertNotSame(outer.get(), inner.get());
    }
  }

  @Test
  void aReusedValidatorKeepsNoErrorHandlerAndStaysClosedToExternalResources() throws Exception {
    Schema schema = schema();
    Validator first;
    try (SecureXml.Lease<Validator> lease = SecureXml.leaseValidator(schema)) {
      first = lease.get();
      lease.get().setErrorHandler(new DefaultHandler());
      // With a lenient error handler an invalid document passes: the next lease must not inherit
      // it.
      lease.get().validate(source("<a><b>x</b></a>"));
    }
    for (int round = 0; round < 2; round++) {
      try (SecureXml.Lease<Validator> lease = SecureXml.leaseValidator(schema)) {
        assertSame(first, lease.get());
        assertNull(lease.get().getErrorHandler());
        SAXException external =
            assertThrows(
                SAXException.class,
                () ->
                    lease
                        .get()
                        .validate(
                            source(
                                "<!DOCTYPE a SYSTEM 'file:///edxml-no-such.dtd'><a><b>1</b></a>")));
        assertTrue(external.getMessage().contains("accessExternalDTD"), external.getMessage());
        assertThrows(
            SAXParseException.class, () -> lease.get().validate(source("<a><b>x</b></a>")));
        lease.get().validate(source("<a><b>7</b></a>"));
      }
    }
  }

  private static Schema schema() throws SAXException {
    return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(new StreamSource(new StringReader(SCHEMA)));
  }

  private static StreamSource source(String xml) {
    return new StreamSource(new ByteArrayInputStream(bytes(xml)));
  }

  /** Feeds {@code xml} to {@code handler}; stops at the {@code stopAt}-th start of that element. */
  private static void validate(
      ValidatorHandler handler, String xml, List<String> errors, String stopAt, int stopCount)
      throws Exception {
    handler.setErrorHandler(
        new DefaultHandler() {
          @Override
          public void error(SAXParseException e) {
            errors.add(e.getMessage());
          }
        });
    int[] seen = {0};
    try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      XMLReader reader = lease.get().getXMLReader();
      XMLFilterImpl stopper =
          new XMLFilterImpl() {
            @Override
            public void startElement(String uri, String local, String q, Attributes a)
                throws SAXException {
              if (local.equals(stopAt) && ++seen[0] == stopCount) {
                throw new SAXException("stopped half-way");
              }
              super.startElement(uri, local, q, a);
            }
          };
      stopper.setContentHandler(handler);
      reader.setContentHandler(stopper);
      reader.parse(new InputSource(new ByteArrayInputStream(bytes(xml))));
    }
  }

  private static List<String> names(SAXParser parser, String xml) throws Exception {
    List<String> names = new ArrayList<>();
    parser.parse(
        new ByteArrayInputStream(bytes(xml)),
        new DefaultHandler() {
          @Override
          public void startElement(String uri, String local, String q, Attributes a) {
            names.add(local);
          }
        });
    return names;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
