package vn.edxml.node.exchange;

import java.util.Locale;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Answers with MTOM only when the request came as MTOM. The WSDL marks MTOM optional, so a stack
 * that sent a plain text/xml request gets a plain response (package inline as base64), which it can
 * verify without unpacking XOP parts first.
 */
public final class MtomMirror extends AbstractPhaseInterceptor<Message> {

  public MtomMirror() {
    super(Phase.PREPARE_SEND);
  }

  @Override
  public void handleMessage(Message message) {
    Message in = message.getExchange() == null ? null : message.getExchange().getInMessage();
    Object type = in == null ? null : in.get(Message.CONTENT_TYPE);
    boolean mtom =
        type != null && type.toString().toLowerCase(Locale.ROOT).contains("application/xop+xml");
    message.put(Message.MTOM_ENABLED, mtom);
  }
}
