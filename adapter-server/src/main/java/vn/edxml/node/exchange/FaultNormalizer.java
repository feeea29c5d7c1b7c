package vn.edxml.node.exchange;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.Faults;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.node.ops.NodeMetrics;
import vn.edxml.wsdl.service.InterchangeFault_Exception;

/**
 * Out-fault interceptor: every fault that did not come from the service as an {@code
 * InterchangeFault} is rewritten here so the caller sees only a stable code, a generic message and
 * the correlation id. Security failures say nothing about which check failed; the log says it.
 */
public final class FaultNormalizer extends AbstractPhaseInterceptor<Message> {

  private static final Logger LOG = LoggerFactory.getLogger(FaultNormalizer.class);

  private final NodeMetrics metrics;

  public FaultNormalizer(NodeMetrics metrics) {
    super(Phase.PRE_LOGICAL);
    this.metrics = metrics;
  }

  @Override
  public void handleMessage(Message message) {
    Exception e = message.getContent(Exception.class);
    if (!(e instanceof Fault fault)) {
      return;
    }
    if (fault.getCause() instanceof InterchangeFault_Exception ours) {
      // Already ours and logged by the endpoint; only the SOAP fault class is set here (CXF
      // makes every declared fault soap:Server, but a caller's mistake is soap:Client).
      ErrorCode code =
          ErrorCode.fromId(ours.getFaultInfo() == null ? null : ours.getFaultInfo().getCode())
              .orElse(ErrorCode.INTERNAL_ERROR);
      fault.setFaultCode(
          Faults.isCallerError(code) ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
      return;
    }
    String cid = RequestContext.correlationId(message);
    javax.xml.namespace.QName originalCode = fault.getFaultCode();
    NodeFault node = classify(fault);
    String caller =
        RequestContext.verified(message) == null
            ? null
            : RequestContext.verified(message).caller().organ();
    FaultLog.log(LOG, operation(message), cid, caller, node);
    metrics.fault(node.code().id());
    Faults.rewrite(fault, node.code(), node.publicDetail(), cid);
    if (isVersionMismatch(originalCode)) {
      fault.setFaultCode(originalCode); // SOAP 1.1 section 4.4.1: keep the VersionMismatch class
    }
  }

  private static boolean isVersionMismatch(javax.xml.namespace.QName code) {
    return code != null && "VersionMismatch".equals(code.getLocalPart());
  }

  static NodeFault classify(Fault fault) {
    for (Throwable t = fault; t != null; t = t.getCause()) {
      if (t instanceof NodeFault nf) {
        return nf;
      }
      if (t instanceof WSSecurityException) {
        return NodeFault.of(ErrorCode.SECURITY_FAILED, describe(fault));
      }
      if (t instanceof org.apache.cxf.ws.policy.PolicyException) {
        return NodeFault.of(ErrorCode.SECURITY_FAILED, describe(fault));
      }
      if (t == t.getCause()) {
        break;
      }
    }
    if (isVersionMismatch(fault.getFaultCode())) {
      return NodeFault.of(ErrorCode.REQUEST_INVALID, "SOAP version mismatch: " + describe(fault));
    }
    String code = fault.getFaultCode() == null ? "" : fault.getFaultCode().getNamespaceURI();
    if (code.contains("oasis-200401-wss-wssecurity") || code.contains("ws-securitypolicy")) {
      return NodeFault.of(ErrorCode.SECURITY_FAILED, describe(fault));
    }
    if (Fault.FAULT_CODE_CLIENT.equals(fault.getFaultCode())
        || "Client"
            .equals(fault.getFaultCode() == null ? null : fault.getFaultCode().getLocalPart())) {
      return NodeFault.of(ErrorCode.REQUEST_INVALID, describe(fault));
    }
    String text = describe(fault);
    if (text.contains("security") || text.contains("Security") || text.contains("policy")) {
      return NodeFault.of(ErrorCode.SECURITY_FAILED, text);
    }
    return NodeFault.of(ErrorCode.INTERNAL_ERROR, text, fault);
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 600; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
      if (c == c.getCause()) {
        break;
      }
    }
    return sb.toString();
  }

  private static String operation(Message message) {
    Object op =
        message.getExchange() == null ? null : message.getExchange().getBindingOperationInfo();
    return op == null
        ? "unknown"
        : ((org.apache.cxf.service.model.BindingOperationInfo) op).getName().getLocalPart();
  }
}
