package vn.edxml.node.exchange;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.w3c.dom.Element;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.node.security.Caller;
import vn.edxml.node.security.SenderBinding;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.xml.EdxmlNames;

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
    this.binding = binding;
  }

  @Override
  public void handleMessage(SoapMessage message) {
    Signed signed = findSignature(message);
    Element header = onlyInterchangeHeader(message);
    if (signed.interchange == null || !signed.interchange.isSameNode(header)) {
      throw NodeFault.of(
          ErrorCode.SECURITY_FAILED, "the Interchange header is not the element that was signed");
    }
    Interchange interchange = unmarshal(header);
    Caller caller = binding.bind(signed.certificate, interchange.getFrom());
    RequestContext.put(
        message, new VerifiedRequest(caller, interchange, RequestContext.correlationId(message)));
  }

  private record Signed(X509Certificate certificate, Element interchange) {}

  @SuppressWarnings("unchecked")
  private static Signed findSignature(SoapMessage message) {
    List<WSHandlerResult> results =
        (List<WSHandlerResult>) message.get(WSHandlerConstants.RECV_RESULTS);
    if (results == null || results.isEmpty()) {
      throw NodeFault.of(ErrorCode.SECURITY_FAILED, "no WS-Security processing result");
    }
    X509Certificate certificate = null;
    Element interchange = null;
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
    return new Signed(certificate, interchange);
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

  private static Interchange unmarshal(Element element) {
    try {
      Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
      unmarshaller.setSchema(EnvelopeSchema.get());
      JAXBElement<Interchange> parsed = unmarshaller.unmarshal(element, Interchange.class);
      return parsed.getValue();
    } catch (JAXBException e) {
      Throwable detail = e.getLinkedException() == null ? e : e.getLinkedException();
      throw NodeFault.withPublicDetail(
          ErrorCode.ENVELOPE_INVALID,
          "The Interchange header does not match its schema: " + detail.getMessage());
    } catch (RuntimeException e) {
      throw NodeFault.of(ErrorCode.ENVELOPE_INVALID, "Interchange header unreadable: " + e, e);
    }
  }
}
