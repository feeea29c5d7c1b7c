package vn.edxml.node.exchange;

import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.interceptor.InterceptorProvider;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * Times each SOAP exchange inside the node: from the start of CXF's chain for the request (before
 * the MIME parts, the WS-Security header and the body are read) to the end of the chain that wrote
 * the answer or the fault. Unlike the service's own timing, this covers the signature check and the
 * signing of the answer, which are most of a small call.
 */
public final class ExchangeTiming {

  /** Receives one duration per answered exchange, on the thread that wrote the answer. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param operation the WSDL operation's name, or "unknown" when the request named none
     * @param nanos from the request's first interceptor to the end of the answer
     */
    void exchange(String operation, long nanos);
  }

  /** An endpoint has one timing (its metrics; other listeners hang on NodeMetrics). */
  private static final String STARTED = ExchangeTiming.class.getName() + ".started";

  private final Sink sink;

  public ExchangeTiming(Sink sink) {
    this.sink = sink;
  }

  /** Adds this timing to an endpoint before it is published. */
  public void install(InterceptorProvider endpoint) {
    endpoint.getInInterceptors().add(new Start());
    End end = new End();
    endpoint.getOutInterceptors().add(end);
    endpoint.getOutFaultInterceptors().add(end);
  }

  private final class Start extends AbstractPhaseInterceptor<Message> {
    Start() {
      super(Phase.RECEIVE);
      addBefore(AttachmentInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
      Exchange exchange = message.getExchange();
      if (exchange != null) {
        exchange.put(STARTED, System.nanoTime());
      }
    }
  }

  /** Runs last, after the answer's stream was closed; once per exchange (answer or fault). */
  private final class End extends AbstractPhaseInterceptor<Message> {
    End() {
      super(Phase.SEND_ENDING);
    }

    @Override
    public void handleMessage(Message message) {
      Exchange exchange = message.getExchange();
      Object started = exchange == null ? null : exchange.remove(STARTED);
      if (started instanceof Long t0) {
        sink.exchange(operation(exchange), System.nanoTime() - t0);
      }
    }
  }

  private static String operation(Exchange exchange) {
    BindingOperationInfo operation = exchange.getBindingOperationInfo();
    return operation == null ? "unknown" : operation.getName().getLocalPart();
  }
}
