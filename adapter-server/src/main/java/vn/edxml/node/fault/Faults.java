package vn.edxml.node.fault;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.cxf.interceptor.Fault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.edxml.client.ErrorCode;
import vn.edxml.wsdl.service.InterchangeFault;
import vn.edxml.wsdl.service.InterchangeFault_Exception;

/**
 * The one place where failures become SOAP faults. Every fault carries {@code ex:InterchangeFault}
 * (code, English message, correlation id, retryable) and nothing else: no stack trace, no exception
 * text.
 */
public final class Faults {

  private static final JAXBContext CONTEXT;

  static {
    try {
      CONTEXT = JAXBContext.newInstance(InterchangeFault.class);
    } catch (JAXBException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Faults() {}

  /** The fault body for a code. */
  public static InterchangeFault info(ErrorCode code, String publicDetail, String correlationId) {
    InterchangeFault info = new InterchangeFault();
    info.setCode(code.id());
    String message = code.message(Locale.ROOT);
    info.setMessage(publicDetail == null ? message : message + " " + publicDetail);
    info.setCorrelationId(correlationId);
    info.setRetryable(code.retryable());
    return info;
  }

  /** The checked exception the service endpoint throws. */
  public static InterchangeFault_Exception toException(NodeFault fault, String correlationId) {
    InterchangeFault info = info(fault.code(), fault.publicDetail(), correlationId);
    return new InterchangeFault_Exception(info.getMessage(), info);
  }

  /** Rewrites a CXF fault in place so that it carries only our detail. */
  public static void rewrite(
      Fault fault, ErrorCode code, String publicDetail, String correlationId) {
    InterchangeFault info = info(code, publicDetail, correlationId);
    fault.setMessage(info.getMessage());
    fault.setFaultCode(isCallerError(code) ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
    fault.setStatusCode(500);
    fault.setDetail(detailElement(info));
  }

  /** True when the caller must change the request; false when the node failed. */
  public static boolean isCallerError(ErrorCode code) {
    return !code.retryable();
  }

  private static Element detailElement(InterchangeFault info) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document doc = factory.newDocumentBuilder().newDocument();
      Element detail = doc.createElementNS(null, "detail");
      doc.appendChild(detail);
      CONTEXT.createMarshaller().marshal(info, detail);
      return detail;
    } catch (ParserConfigurationException | JAXBException e) {
      throw new IllegalStateException("cannot build a fault detail", e);
    }
  }
}
