package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.Receipt;

/**
 * The client sends MTOM only where a package travels (SendDocument, SendStatus, GetDocument's
 * answer); the small calls go, and are answered, as plain text/xml.
 */
class MtomPerOperationIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  /** Records the Content-Type of every request the client writes and every answer it reads. */
  private static final class ContentTypes extends AbstractPhaseInterceptor<Message> {
    final List<String> seen = new ArrayList<>();

    ContentTypes(String phase) {
      super(phase);
    }

    @Override
    public void handleMessage(Message message) {
      Object type = message.get(Message.CONTENT_TYPE);
      seen.add(type == null ? "none" : type.toString().toLowerCase(Locale.ROOT));
    }
  }

  private static boolean mtom(String contentType) {
    return contentType.startsWith("multipart/related")
        && contentType.contains("application/xop+xml");
  }

  @Test
  void packagesTravelAsMtomEverythingElseAsPlainXml() throws Exception {
    ContentTypes aOut = new ContentTypes(Phase.WRITE);
    Receipt receipt;
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    try (TestClient a = NODE.client(TestNode.ORGAN_A)) {
      ClientProxy.getClient(a.port()).getOutInterceptors().add(aOut);
      receipt = a.send(edoc);
      a.traces(edoc.documentId());
    }
    assertEquals(2, aOut.seen.size(), aOut.seen.toString());
    assertTrue(mtom(aOut.seen.get(0)), "SendDocument: " + aOut.seen.get(0));
    assertTrue(aOut.seen.get(1).startsWith("text/xml"), "GetTraces: " + aOut.seen.get(1));

    ContentTypes bOut = new ContentTypes(Phase.WRITE);
    ContentTypes bIn = new ContentTypes(Phase.RECEIVE);
    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      Client client = ClientProxy.getClient(b.port());
      client.getOutInterceptors().add(bOut);
      client.getInInterceptors().add(bIn);
      assertEquals(
          receipt.getMessageId(),
          b.pending(TestNode.ORGAN_B, MessageType.EDOC, 10).getPending().get(0).getMessageId());
      assertArrayEquals(TestClient.bytes(edoc), b.fetch(receipt.getMessageId()));
      b.confirm(receipt.getMessageId());
    }
    List<String> calls = List.of("GetPendingDocuments", "GetDocument", "ConfirmReceived");
    assertEquals(3, bOut.seen.size(), bOut.seen.toString());
    assertEquals(3, bIn.seen.size(), bIn.seen.toString());
    for (int i = 0; i < 3; i++) {
      boolean packageCall = calls.get(i).equals("GetDocument");
      assertEquals(packageCall, mtom(bOut.seen.get(i)), calls.get(i) + " request: " + bOut.seen);
      assertEquals(packageCall, mtom(bIn.seen.get(i)), calls.get(i) + " answer: " + bIn.seen);
      if (!packageCall) {
        assertTrue(bOut.seen.get(i).startsWith("text/xml"), bOut.seen.get(i));
        assertTrue(bIn.seen.get(i).startsWith("text/xml"), bIn.seen.get(i));
      }
    }
  }
}
