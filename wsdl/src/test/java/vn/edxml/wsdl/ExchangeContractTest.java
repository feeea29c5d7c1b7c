package vn.edxml.wsdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import vn.edxml.wsdl.service.EdxmlExchangePortType;

/**
 * The published contract, as a client or another SOAP stack reads it from the classpath: the
 * operations, the document/literal SOAP 1.1 binding, the WS-SecurityPolicy, and the generated
 * service interface agreeing with it.
 */
class ExchangeContractTest {

  private static final String WSDL = "vn/edxml/wsdl/edxml-exchange.wsdl";
  private static final Map<String, String> NS =
      Map.of(
          "wsdl", "http://schemas.xmlsoap.org/wsdl/",
          "soap", "http://schemas.xmlsoap.org/wsdl/soap/",
          "wsp", "http://www.w3.org/ns/ws-policy",
          "sp", "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702",
          "wsu",
              "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
          "wsoma", "http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization");
  private static final Set<String> OPERATIONS =
      new TreeSet<>(
          List.of(
              "SendDocument",
              "SendStatus",
              "GetPendingDocuments",
              "GetDocument",
              "ConfirmReceived",
              "GetTraces",
              "GetOrganizations"));

  private static Document wsdl;
  private static XPath xpath;

  @BeforeAll
  static void load() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = resource(WSDL)) {
      wsdl = f.newDocumentBuilder().parse(in);
    }
    xpath = XPathFactory.newInstance().newXPath();
    xpath.setNamespaceContext(
        new NamespaceContext() {
          @Override
          public String getNamespaceURI(String prefix) {
            return NS.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
          }

          @Override
          public String getPrefix(String uri) {
            return null;
          }

          @Override
          public java.util.Iterator<String> getPrefixes(String uri) {
            return List.<String>of().iterator();
          }
        });
  }

  private static InputStream resource(String name) {
    InputStream in = ExchangeContractTest.class.getClassLoader().getResourceAsStream(name);
    assertNotNull(in, "not on the classpath: " + name);
    return in;
  }

  private static NodeList nodes(String expression) throws Exception {
    return (NodeList) xpath.evaluate(expression, wsdl, XPathConstants.NODESET);
  }

  private static Set<String> attributes(String expression, String attribute) throws Exception {
    NodeList list = nodes(expression);
    Set<String> result = new TreeSet<>();
    for (int i = 0; i < list.getLength(); i++) {
      result.add(((Element) list.item(i)).getAttribute(attribute));
    }
    return result;
  }

  @Test
  void portTypeAndBindingOfferExactlyTheSevenOperations() throws Exception {
    assertEquals(OPERATIONS, attributes("/wsdl:definitions/wsdl:portType/wsdl:operation", "name"));
    assertEquals(OPERATIONS, attributes("/wsdl:definitions/wsdl:binding/wsdl:operation", "name"));
    // Every operation declares the one fault type.
    assertEquals(
        OPERATIONS.size(),
        nodes(
                "/wsdl:definitions/wsdl:portType/wsdl:operation/wsdl:fault[@message='ex:InterchangeFault']")
            .getLength());
  }

  @Test
  void bindingIsSoap11DocumentLiteralWithSoapActions() throws Exception {
    NodeList binding = nodes("/wsdl:definitions/wsdl:binding/soap:binding");
    assertEquals(1, binding.getLength());
    assertEquals("document", ((Element) binding.item(0)).getAttribute("style"));
    assertEquals(
        "http://schemas.xmlsoap.org/soap/http",
        ((Element) binding.item(0)).getAttribute("transport"));
    assertEquals(0, nodes("//soap:body[@use!='literal']").getLength());
    for (String op : OPERATIONS) {
      NodeList action =
          nodes("/wsdl:definitions/wsdl:binding/wsdl:operation[@name='" + op + "']/soap:operation");
      assertEquals(
          "urn:vn:edxml:exchange:1/" + op, ((Element) action.item(0)).getAttribute("soapAction"));
    }
  }

  @Test
  void policyRequiresSignedBodyTimestampAndInterchangeHeaderWithSha256() throws Exception {
    String binding =
        "/wsdl:definitions/wsp:Policy[@wsu:Id='ExchangeBindingPolicy']//sp:AsymmetricBinding";
    assertEquals(1, nodes(binding).getLength());
    assertEquals(1, nodes(binding + "//sp:AlgorithmSuite//sp:Basic256Sha256").getLength());
    assertEquals(1, nodes(binding + "//sp:IncludeTimestamp").getLength());
    assertEquals(1, nodes(binding + "//sp:OnlySignEntireHeadersAndBody").getLength());
    assertEquals(2, nodes(binding + "//sp:X509Token//sp:WssX509V3Token10").getLength());
    // No weak or legacy suite anywhere.
    for (String weak :
        List.of("Basic128Rsa15", "Basic256Rsa15", "TripleDesRsa15", "Basic128", "Basic256")) {
      assertEquals(0, nodes("//sp:" + weak).getLength(), weak);
    }
    String request = "/wsdl:definitions/wsp:Policy[@wsu:Id='SignedRequest']//sp:SignedParts";
    assertEquals(1, nodes(request + "/sp:Body").getLength());
    NodeList header = nodes(request + "/sp:Header");
    assertEquals(1, header.getLength());
    assertEquals("Interchange", ((Element) header.item(0)).getAttribute("Name"));
    assertEquals(
        "urn:vn:edxml:interchange:1", ((Element) header.item(0)).getAttribute("Namespace"));
    assertEquals(
        1,
        nodes("/wsdl:definitions/wsp:Policy[@wsu:Id='SignedResponse']//sp:SignedParts/sp:Body")
            .getLength());
    // The binding, every input and every output reference the policies.
    assertEquals(
        1,
        nodes("/wsdl:definitions/wsdl:binding/wsp:PolicyReference[@URI='#ExchangeBindingPolicy']")
            .getLength());
    assertEquals(
        OPERATIONS.size(),
        nodes("//wsdl:binding/wsdl:operation/wsdl:input/wsp:PolicyReference[@URI='#SignedRequest']")
            .getLength());
    assertEquals(
        OPERATIONS.size(),
        nodes(
                "//wsdl:binding/wsdl:operation/wsdl:output/wsp:PolicyReference[@URI='#SignedResponse']")
            .getLength());
    // MTOM is offered but optional, so stacks without MTOM can still call.
    NodeList mtom = nodes("//wsoma:OptimizedMimeSerialization");
    assertEquals(1, mtom.getLength());
    assertEquals("true", ((Element) mtom.item(0)).getAttributeNS(NS.get("wsp"), "Optional"));
  }

  @Test
  void everyInputCarriesTheInterchangeHeader() throws Exception {
    assertEquals(
        OPERATIONS.size(),
        nodes(
                "//wsdl:binding/wsdl:operation/wsdl:input/soap:header[@message='ex:InterchangeHeader'][@part='Interchange']")
            .getLength());
  }

  @Test
  void schemasCompileFromTheClasspathWithTheirImports() throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
    var url =
        ExchangeContractTest.class
            .getClassLoader()
            .getResource("vn/edxml/wsdl/exchange-messages.xsd");
    assertNotNull(url);
    assertNotNull(factory.newSchema(new StreamSource(url.toExternalForm())));
  }

  @Test
  void generatedServiceInterfaceMatchesTheContract() {
    List<String> names = new ArrayList<>();
    for (Method m : EdxmlExchangePortType.class.getDeclaredMethods()) {
      jakarta.jws.WebMethod wm = m.getAnnotation(jakarta.jws.WebMethod.class);
      names.add(wm.operationName());
      assertTrue(
          Arrays.stream(m.getExceptionTypes())
              .anyMatch(e -> e.getSimpleName().equals("InterchangeFault_Exception")),
          m.getName() + " must declare the interchange fault");
      assertEquals(1, m.getParameterCount(), m.getName() + " must be bare (one request element)");
    }
    assertEquals(OPERATIONS, new TreeSet<>(names));
    assertFalse(names.isEmpty());
  }
}
