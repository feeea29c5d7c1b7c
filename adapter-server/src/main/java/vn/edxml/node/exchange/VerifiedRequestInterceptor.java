package vn.edxml.node.exchange;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Validator;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.xml.sax.SAXException;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.node.security.Caller;
import vn.edxml.node.security.SenderBinding;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;

/**
 * Runs after WS-Security verification and before the service: finds the one signature, the
 * certificate that made it and the Interchange header element it covers, checks that this element
 * is the only Interchange header in the message, unmarshals it, and binds the certificate to the
 * claimed organ. The service sees only this verified view (defence against signature wrapping: the
 * consumed element is the signed element).
 */
public final class VerifiedRequestInterceptor extends AbstractSoapInterceptor {

  static final QName INTERCHANGE = new QName(EdxmlNames.INTERCHANGE_NS, "Interchange");

  private static final JAXBContext CONTEXT;

  static {
    try {
      CONTEXT = JAXBContext.newInstance(Interchange.class);
    } catch (JAXBException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SenderBinding binding;

  public VerifiedRequestInterceptor(SenderBinding binding) {
    super(Phase.PRE_INVOKE);
    // Build the verified view only from a message whose security policy has been verified.
    addAfter("org.apache.cxf.ws.policy.PolicyVerificationInInterceptor");
    this.binding = binding;
  }

  @Override
  public void handleMessage(SoapMessage message) {
    Signed signed = findSignature(message);
    checkEnvelope(message, signed);
    Element header = onlyInterchangeHeader(message);
    if (signed.interchange == null || !signed.interchange.isSameNode(header)) {
      throw NodeFault.of(
          ErrorCode.SECURITY_FAILED, "the Interchange header is not the element that was signed");
    }
    Interchange interchange = unmarshal(header);
    // Bind the claim exactly as signed: JAXB collapses xs:token whitespace, the binding must not.
    Caller caller = binding.bind(signed.certificate, lexicalFrom(header));
    RequestContext.put(
        message, new VerifiedRequest(caller, interchange, RequestContext.correlationId(message)));
  }

  private record Signed(
      X509Certificate certificate, Element interchange, List<Element> protectedElements) {}

  static final String WSSE_NS =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  static final String WSU_NS =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

  /**
   * The envelope's shape, on the very document WSS4J verified: exactly one Header and one Body (in
   * that order, nothing else), the Body is the element the signature covers, exactly one
   * wsse:Security header, and no identifier (wsu:Id, Id, xml:id) used twice anywhere. Policy
   * coverage alone accepts a second Body or a decoy carrying the signed element's Id.
   */
  private static void checkEnvelope(SoapMessage message, Signed signed) {
    SOAPMessage saaj = message.getContent(SOAPMessage.class);
    Element envelope;
    try {
      envelope = saaj == null ? null : saaj.getSOAPPart().getEnvelope();
    } catch (SOAPException e) {
      envelope = null;
    }
    if (envelope == null) {
      throw NodeFault.of(ErrorCode.SECURITY_FAILED, "no verified SOAP envelope");
    }
    String soapNs = envelope.getNamespaceURI();
    List<Element> children = childElements(envelope);
    if (children.size() != 2
        || !isElement(children.get(0), soapNs, "Header")
        || !isElement(children.get(1), soapNs, "Body")) {
      throw NodeFault.of(
          ErrorCode.SECURITY_FAILED,
          "the envelope must hold exactly one Header and one Body, found " + names(children));
    }
    Element body = children.get(1);
    if (signed.protectedElements().stream().noneMatch(body::isSameNode)) {
      throw NodeFault.of(ErrorCode.SECURITY_FAILED, "the Body is not the element that was signed");
    }
    long securityHeaders =
        childElements(children.get(0)).stream()
            .filter(e -> isElement(e, WSSE_NS, "Security"))
            .count();
    if (securityHeaders != 1) {
      throw NodeFault.of(
          ErrorCode.SECURITY_FAILED, securityHeaders + " wsse:Security headers, expected one");
    }
    Set<String> ids = new HashSet<>();
    Deque<Element> todo = new ArrayDeque<>();
    todo.push(envelope);
    while (!todo.isEmpty()) {
      Element e = todo.pop();
      NamedNodeMap attributes = e.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        Attr a = (Attr) attributes.item(i);
        String ns = a.getNamespaceURI();
        String local = a.getLocalName() == null ? a.getName() : a.getLocalName();
        boolean id =
            (WSU_NS.equals(ns) && "Id".equals(local))
                || (ns == null && ("Id".equals(local) || "ID".equals(local)))
                || (XMLConstants.XML_NS_URI.equals(ns) && "id".equals(local));
        if (id && !ids.add(a.getValue())) {
          throw NodeFault.of(ErrorCode.SECURITY_FAILED, "identifier used twice: " + a.getValue());
        }
      }
      for (Element child : childElements(e)) {
        todo.push(child);
      }
    }
  }

  private static List<Element> childElements(Element parent) {
    List<Element> result = new ArrayList<>();
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        result.add(e);
      }
    }
    return result;
  }

  private static boolean isElement(Element e, String ns, String local) {
    return ns != null && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
  }

  private static String names(List<Element> elements) {
    return elements.stream().map(Element::getLocalName).toList().toString();
  }

  @SuppressWarnings("unchecked")
  private static Signed findSignature(SoapMessage message) {
    List<WSHandlerResult> results =
        (List<WSHandlerResult>) message.get(WSHandlerConstants.RECV_RESULTS);
    if (results == null || results.isEmpty()) {
      throw NodeFault.of(ErrorCode.SECURITY_FAILED, "no WS-Security processing result");
    }
    X509Certificate certificate = null;
    Element interchange = null;
    List<Element> protectedElements = new ArrayList<>();
    int signatures = 0;
    for (WSHandlerResult result : results) {
      Map<Integer, List<WSSecurityEngineResult>> byAction = result.getActionResults();
      for (WSSecurityEngineResult engineResult :
          byAction.getOrDefault(WSConstants.SIGN, List.of())) {
        signatures++;
        certificate =
            (X509Certificate) engineResult.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
        List<WSDataRef> refs =
            (List<WSDataRef>) engineResult.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        if (refs == null) {
          continue;
        }
        for (WSDataRef ref : refs) {
          Element protectedElement = ref.getProtectedElement();
          if (protectedElement != null) {
            protectedElements.add(protectedElement);
          }
          if (protectedElement != null
              && INTERCHANGE.getNamespaceURI().equals(protectedElement.getNamespaceURI())
              && INTERCHANGE.getLocalPart().equals(protectedElement.getLocalName())) {
            if (interchange != null && !interchange.isSameNode(protectedElement)) {
              throw NodeFault.of(ErrorCode.SECURITY_FAILED, "two signed Interchange elements");
            }
            interchange = protectedElement;
          }
        }
      }
    }
    if (signatures != 1 || certificate == null) {
      throw NodeFault.of(
          ErrorCode.SECURITY_FAILED, "expected exactly one X.509 signature, found " + signatures);
    }
    return new Signed(certificate, interchange, protectedElements);
  }

  private static Element onlyInterchangeHeader(SoapMessage message) {
    Element found = null;
    int count = 0;
    for (Header h : message.getHeaders()) {
      if (INTERCHANGE.equals(h.getName())) {
        count++;
        if (h.getObject() instanceof Element e) {
          found = e;
        }
      }
    }
    if (count != 1 || found == null) {
      throw NodeFault.of(
          ErrorCode.ENVELOPE_INVALID, "expected exactly one Interchange header, found " + count);
    }
    return found;
  }

  /** The text of the header's From element, exactly as it appears in the signed XML. */
  private static String lexicalFrom(Element header) {
    for (org.w3c.dom.Node n = header.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && INTERCHANGE.getNamespaceURI().equals(e.getNamespaceURI())
          && "From".equals(e.getLocalName())) {
        return e.getTextContent();
      }
    }
    return null;
  }

  /**
   * One unmarshaller per thread (an unmarshaller keeps no state from one unmarshal to the next).
   * The header is validated first, by this thread's leased validator: a schema-validating
   * unmarshaller builds a new schema validator for every call, which cost more than the rest of
   * this interceptor.
   */
  private static final ThreadLocal<Unmarshaller> UNMARSHALLER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return CONTEXT.createUnmarshaller();
            } catch (JAXBException e) {
              throw new IllegalStateException("cannot build the Interchange unmarshaller", e);
            }
          });

  private static Interchange unmarshal(Element element) {
    try (SecureXml.Lease<Validator> lease = SecureXml.leaseValidator(EnvelopeSchema.get())) {
      lease.get().validate(new DOMSource(element));
    } catch (SAXException e) {
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_INVALID,
          "The Interchange header does not match its schema: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw NodeFault.of(ErrorCode.ENVELOPE_INVALID, "Interchange header unreadable: " + e, e);
    }
    try {
      JAXBElement<Interchange> parsed = UNMARSHALLER.get().unmarshal(element, Interchange.class);
      return parsed.getValue();
    } catch (JAXBException | RuntimeException e) {
      throw NodeFault.of(ErrorCode.ENVELOPE_INVALID, "Interchange header unreadable: " + e, e);
    }
  }
}
