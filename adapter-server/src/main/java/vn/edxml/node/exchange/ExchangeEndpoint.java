package vn.edxml.node.exchange;

import jakarta.jws.WebService;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.soap.MTOM;
import java.util.function.Function;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.Faults;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.node.ops.NodeMetrics;
import vn.edxml.wsdl.service.ConfirmReceived;
import vn.edxml.wsdl.service.ConfirmReceivedResponse;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.GetDocument;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.GetOrganizations;
import vn.edxml.wsdl.service.GetOrganizationsResponse;
import vn.edxml.wsdl.service.GetPendingDocuments;
import vn.edxml.wsdl.service.GetPendingDocumentsResponse;
import vn.edxml.wsdl.service.GetTraces;
import vn.edxml.wsdl.service.GetTracesResponse;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.Receipt;

/** The generated service interface, bound to {@link ExchangeService}. */
@WebService(
    serviceName = "EdxmlExchangeService",
    portName = "EdxmlExchangePort",
    targetNamespace = "urn:vn:edxml:exchange:1",
    endpointInterface = "vn.edxml.wsdl.service.EdxmlExchangePortType",
    wsdlLocation = "classpath:vn/edxml/wsdl/edxml-exchange.wsdl")
@BindingType(jakarta.xml.ws.soap.SOAPBinding.SOAP11HTTP_BINDING)
@MTOM(enabled = true, threshold = 1024)
public class ExchangeEndpoint implements EdxmlExchangePortType {

  private static final Logger LOG = LoggerFactory.getLogger(ExchangeEndpoint.class);

  private final ExchangeService service;
  private final NodeMetrics metrics;

  public ExchangeEndpoint(ExchangeService service, NodeMetrics metrics) {
    this.service = service;
    this.metrics = metrics;
  }

  @Override
  public Receipt sendDocument(PackageRequest parameters) throws InterchangeFault_Exception {
    return run("SendDocument", r -> service.sendDocument(r, parameters.getPackage()));
  }

  @Override
  public Receipt sendStatus(PackageRequest parameters) throws InterchangeFault_Exception {
    return run("SendStatus", r -> service.sendStatus(r, parameters.getPackage()));
  }

  @Override
  public GetPendingDocumentsResponse getPendingDocuments(GetPendingDocuments parameters)
      throws InterchangeFault_Exception {
    return run("GetPendingDocuments", r -> service.pending(r, parameters));
  }

  @Override
  public GetDocumentResponse getDocument(GetDocument parameters) throws InterchangeFault_Exception {
    return run("GetDocument", r -> service.document(r, parameters));
  }

  @Override
  public ConfirmReceivedResponse confirmReceived(ConfirmReceived parameters)
      throws InterchangeFault_Exception {
    return run("ConfirmReceived", r -> service.confirm(r, parameters));
  }

  @Override
  public GetTracesResponse getTraces(GetTraces parameters) throws InterchangeFault_Exception {
    return run("GetTraces", r -> service.traces(r, parameters));
  }

  @Override
  public GetOrganizationsResponse getOrganizations(GetOrganizations parameters)
      throws InterchangeFault_Exception {
    return run("GetOrganizations", r -> service.organizations(r, parameters));
  }

  private <T> T run(String operation, Function<VerifiedRequest, T> action)
      throws InterchangeFault_Exception {
    Message message = PhaseInterceptorChain.getCurrentMessage();
    String cid = RequestContext.correlationId(message);
    VerifiedRequest request = RequestContext.verified(message);
    long started = System.nanoTime();
    try {
      if (request == null) {
        throw NodeFault.of(ErrorCode.SECURITY_FAILED, "request was not verified");
      }
      T result = action.apply(request);
      if (result instanceof Receipt receipt && !receipt.isDuplicate()) {
        metrics.messageIn(receipt.getMessageType().value());
      } else if (result instanceof GetDocumentResponse doc) {
        metrics.messageOut(
            doc.getInterchange().getMessageType() == null
                ? "unknown"
                : doc.getInterchange().getMessageType().value());
      }
      return result;
    } catch (NodeFault fault) {
      FaultLog.log(LOG, operation, cid, request == null ? null : request.caller().organ(), fault);
      metrics.fault(fault.code().id());
      throw Faults.toException(fault, cid);
    } catch (RuntimeException e) {
      LOG.error("operation={} cid={} code=internal_error", operation, cid, e);
      metrics.fault(ErrorCode.INTERNAL_ERROR.id());
      throw Faults.toException(NodeFault.of(ErrorCode.INTERNAL_ERROR, e.toString(), e), cid);
    } finally {
      metrics.latency(operation, java.time.Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
