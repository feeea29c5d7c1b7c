package vn.edxml.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.SAXParser;
import org.junit.jupiter.api.Test;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A parser lent by {@link SecureXml#leaseSaxParser} is used again on the same thread: it must come
 * back exactly as strict as a new one (DOCTYPE refused, depth limit of the new lease), whatever the
 * parse before it did.
 */
class SecureXmlLeaseTest {

  private static final XmlLimits SHALLOW = new XmlLimits(8, 1_000, 8, 4096, 0, 1 << 20);

  @Test
  void aReturnedParserIsLentAgainOnTheSameThread() throws Exception {
    SAXParser first;
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      first = lease.parser();
      assertEquals(List.of("a", "b"), names(first, "<a><b/></a>"));
    }
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertSame(first, lease.parser());
      assertEquals(List.of("c"), names(lease.parser(), "<c/>"));
    }
  }

  @Test
  void aNestedLeaseGetsAParserOfItsOwn() {
    try (SecureXml.SaxLease outer = SecureXml.leaseSaxParser(XmlLimits.DEFAULT);
        SecureXml.SaxLease inner = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertNotSame(outer.parser(), inner.parser());
    }
  }

  @Test
  void aReusedParserStillRefusesDoctypes() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
        assertEquals(List.of("ok"), names(lease.parser(), "<ok/>"));
      }
      try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
        SAXParseException e =
            assertThrows(
                SAXParseException.class,
                () ->
                    names(
                        lease.parser(),
                        "<!DOCTYPE a [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]><a>&x;</a>"));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
      }
    }
  }

  @Test
  void aParseStoppedHalfWayLeavesNothingForTheNext() throws Exception {
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
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
          () -> lease.parser().parse(new ByteArrayInputStream(bytes("<a><b/><c/></a>")), stopAtB));
    }
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertEquals(List.of("x", "y"), names(lease.parser(), "<x><y/></x>"));
    }
  }

  @Test
  void eachLeaseCarriesItsOwnDepthLimit() throws Exception {
    String deep = "<e>".repeat(20) + "</e>".repeat(20);
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertEquals(20, names(lease.parser(), deep).size());
    }
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(SHALLOW)) {
      assertThrows(SAXParseException.class, () -> names(lease.parser(), deep));
    }
    try (SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT)) {
      assertEquals(20, names(lease.parser(), deep).size());
    }
  }

  @Test
  void aClosedLeaseNoLongerHandsOutItsParser() {
    SecureXml.SaxLease lease = SecureXml.leaseSaxParser(XmlLimits.DEFAULT);
    lease.close();
    assertThrows(IllegalStateException.class, lease::parser);
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
