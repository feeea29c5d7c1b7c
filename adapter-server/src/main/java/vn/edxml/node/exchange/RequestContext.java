package vn.edxml.node.exchange;

import java.util.UUID;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;

/** Per-request values kept on the CXF exchange: the correlation id and the verified request. */
public final class RequestContext {

  static final String CORRELATION_ID = "edxml.correlation-id";

  private RequestContext() {}

  /** The request's correlation id, created on first use. */
  public static String correlationId(Message message) {
    Exchange exchange = message.getExchange();
    Object id = exchange == null ? null : exchange.get(CORRELATION_ID);
    if (id == null) {
      id = UUID.randomUUID().toString();
      if (exchange != null) {
        exchange.put(CORRELATION_ID, id);
      }
    }
    return (String) id;
  }

  static void put(Message message, VerifiedRequest request) {
    message.getExchange().put(VerifiedRequest.class, request);
  }

  /** The verified request, or null when verification did not run. */
  public static VerifiedRequest verified(Message message) {
    return message.getExchange() == null ? null : message.getExchange().get(VerifiedRequest.class);
  }
}
