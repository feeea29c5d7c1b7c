package vn.edxml.client.internal;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.w3c.dom.Element;

/**
 * Accepts a response only when it was signed by one of the expected node certificates. The trust
 * store alone is not enough: every organ's certificate chains to the same CA, so any organ could
 * otherwise impersonate the node.
 */
public final class ResponseSignerCheck extends AbstractSoapInterceptor {

  private final Set<X509Certificate> nodeCertificates;

  public ResponseSignerCheck(Set<X509Certificate> nodeCertificates) {
    super(Phase.PRE_INVOKE);
    if (nodeCertificates.isEmpty()) {
      throw new IllegalArgumentException("at least one node certificate is needed");
    }
    this.nodeCertificates = Set.copyOf(nodeCertificates);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void handleMessage(SoapMessage message) {
    if (message.getContent(Exception.class) != null) {
      return;
    }
    List<WSHandlerResult> results =
        (List<WSHandlerResult>) message.get(WSHandlerConstants.RECV_RESULTS);
    int signatures = 0;
    WSSecurityEngineResult signature = null;
    if (results != null) {
      for (WSHandlerResult result : results) {
        for (WSSecurityEngineResult r :
            result.getActionResults().getOrDefault(WSConstants.SIGN, List.of())) {
          signatures++;
          signature = r;
        }
      }
    }
    // Exactly one signature, made with an expected node certificate, covering the Body: a second
    // signature by anybody else (e.g. an organ of the same CA signing the Body while the node's
    // signature covers only the Timestamp) is refused.
    if (signatures != 1
        || !(signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE)
            instanceof X509Certificate x)
        || !nodeCertificates.contains(x)
        || !coversBody(
            message, (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS))) {
      throw new Fault(
          new IllegalStateException(
              "the response was not signed by the expected node certificate"));
    }
  }

  private static boolean coversBody(SoapMessage message, List<WSDataRef> refs) {
    SOAPMessage saaj = message.getContent(SOAPMessage.class);
    if (saaj == null || refs == null) {
      return false;
    }
    try {
      Element body = saaj.getSOAPBody();
      return body != null
          && refs.stream()
              .anyMatch(
                  r -> r.getProtectedElement() != null && body.isSameNode(r.getProtectedElement()));
    } catch (SOAPException e) {
      return false;
    }
  }
}
