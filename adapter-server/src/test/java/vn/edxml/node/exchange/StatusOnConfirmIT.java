package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.io.EdxmlReader;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.ConfirmReceivedResponse;
import vn.edxml.wsdl.service.Receipt;

/** With confirm.send-status-01, confirming a document sends status 01 to its issuer, once. */
class StatusOnConfirmIT {

  @RegisterExtension static final TestNode NODE = new TestNode().withStatusOnConfirm();

  @Test
  void confirmationEmitsStatus01OnTheReceiversBehalfOnce() throws Exception {
    try (TestClient a = NODE.client(TestNode.ORGAN_A);
        TestClient b = NODE.client(TestNode.ORGAN_B)) {
      Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
      Receipt sent = a.send(edoc);
      ConfirmReceivedResponse first = b.confirm(sent.getMessageId());
      assertNotNull(first.getStatusSent());
      ConfirmReceivedResponse again = b.confirm(sent.getMessageId());
      assertEquals(first.getStatusSent(), again.getStatusSent());

      var pending =
          a.pending(TestNode.ORGAN_A, MessageType.STATUS, null).getPending().stream()
              .filter(p -> p.getDocumentId().equals(edoc.documentId()))
              .toList();
      assertEquals(1, pending.size());
      assertEquals("01", pending.get(0).getStatusCode());
      assertEquals(TestNode.ORGAN_B, pending.get(0).getFrom());
      Status status =
          (Status)
              EdxmlReader.create()
                  .read(new java.io.ByteArrayInputStream(a.fetch(pending.get(0).getMessageId())));
      assertEquals(StatusCode.RECEIVED, status.statusCode());
      assertEquals(TestNode.ORGAN_B, status.from().organId());
      assertEquals(edoc.documentId(), status.responseFor().documentId());
      // The receiver's own 01 is now a duplicate.
      assertEquals(
          "status_duplicate",
          TestClient.faultCode(
              () ->
                  b.sendStatus(
                      Status.builder()
                          .from(Documents.organ(TestNode.ORGAN_B))
                          .responseFor(edoc)
                          .code(StatusCode.RECEIVED)
                          .build(),
                      List.of(TestNode.ORGAN_A))));
      assertEquals(
          List.of("01"),
          a.traces(edoc.documentId()).getEvent().stream()
              .filter(e -> e.getStatus() != null)
              .map(e -> e.getStatus())
              .toList());
    }
  }

  @Test
  void noStatusWhenTheReceiverAlreadySent01() throws Exception {
    try (TestClient a = NODE.client(TestNode.ORGAN_A);
        TestClient b = NODE.client(TestNode.ORGAN_B)) {
      Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
      Receipt sent = a.send(edoc);
      b.sendStatus(
          Status.builder()
              .from(Documents.organ(TestNode.ORGAN_B))
              .responseFor(edoc)
              .code(StatusCode.RECEIVED)
              .build(),
          List.of(TestNode.ORGAN_A));
      assertNull(b.confirm(sent.getMessageId()).getStatusSent());
    }
  }
}
