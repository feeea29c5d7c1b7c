package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.wsdl.service.GetPendingDocumentsResponse;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.RoutingOutcome;

class ExchangeCycleIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @Test
  void documentGoesFromOneOrganToAnotherThroughTheWholeCycle() throws Exception {
    try (TestClient a = NODE.client(TestNode.ORGAN_A);
        TestClient b = NODE.client(TestNode.ORGAN_B)) {
      Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
      byte[] sent = TestClient.bytes(edoc);
      Receipt receipt = a.send(edoc);
      assertEquals(edoc.documentId(), receipt.getDocumentId());
      assertFalse(receipt.isDuplicate());
      assertEquals(1, receipt.getRecipient().size());
      assertEquals(RoutingOutcome.DELIVERED, receipt.getRecipient().get(0).getOutcome());
      assertArrayEquals(TestClient.sha256(sent), receipt.getPayloadDigest().getValue());

      GetPendingDocumentsResponse pending = b.pending();
      var mine =
          pending.getPending().stream()
              .filter(p -> p.getMessageId().equals(receipt.getMessageId()))
              .toList();
      assertEquals(1, mine.size());
      assertEquals(TestNode.ORGAN_A, mine.get(0).getFrom());

      assertArrayEquals(sent, b.fetch(receipt.getMessageId()));
      assertFalse(b.confirm(receipt.getMessageId()).isAlreadyConfirmed());
      assertTrue(b.confirm(receipt.getMessageId()).isAlreadyConfirmed());
      assertTrue(
          b.pending().getPending().stream()
              .noneMatch(p -> p.getMessageId().equals(receipt.getMessageId())));

      List<String> states =
          a.traces(edoc.documentId()).getEvent().stream()
              .map(e -> e.getTransport() == null ? e.getStatus() : e.getTransport().value())
              .toList();
      assertEquals(List.of("accepted", "delivered", "confirmed"), states);
    }
  }
}
