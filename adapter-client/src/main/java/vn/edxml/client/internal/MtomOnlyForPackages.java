package vn.edxml.client.internal;

import java.util.Set;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * Sends a call as MTOM only when a package travels in it: in the request (SendDocument, SendStatus)
 * or in the response (GetDocument; the node answers with MTOM only to an MTOM request). Every other
 * call (pending list, confirm, status, directory) goes as plain {@code text/xml}: a MIME multipart
 * wrapper around a few hundred bytes of XML costs both sides parsing and writing work on every call
 * and carries nothing. The node accepts both forms for every operation (the WSDL marks MTOM
 * optional).
 */
public final class MtomOnlyForPackages extends AbstractPhaseInterceptor<Message> {

  /** The operations whose request or response holds a package. */
  static final Set<String> PACKAGE_OPERATIONS = Set.of("SendDocument", "SendStatus", "GetDocument");

  public MtomOnlyForPackages() {
    super(Phase.PREPARE_SEND);
  }

  @Override
  public void handleMessage(Message message) {
    Exchange exchange = message.getExchange();
    BindingOperationInfo operation = exchange == null ? null : exchange.getBindingOperationInfo();
    if (operation != null && !PACKAGE_OPERATIONS.contains(operation.getName().getLocalPart())) {
      message.put(Message.MTOM_ENABLED, Boolean.FALSE);
    }
  }
}
