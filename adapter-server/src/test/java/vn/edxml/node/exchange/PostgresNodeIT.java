package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.PostgresServer;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.Receipt;

/** The same node code on a real PostgreSQL server: the whole cycle, statuses, replay, restart. */
class PostgresNodeIT {

  @RegisterExtension
  @org.junit.jupiter.api.Order(1)
  static final PostgresServer PG = new PostgresServer();

  @RegisterExtension
  @org.junit.jupiter.api.Order(2)
  static final TestNode NODE = new TestNode().withDatabase(PG::url, "postgres");

  @Test
  void documentCycleStatusesReplayAndRestartOnPostgres() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    byte[] pkg = TestClient.bytes(edoc);
    Receipt receipt;
    Interchange ix;
    try (TestClient a = NODE.client(TestNode.ORGAN_A)) {
      ix = a.envelope(pkg, MessageType.EDOC, List.of(TestNode.ORGAN_B), edoc.documentId());
      receipt = a.sendDocument(pkg, ix);
    }
    NODE.restart();
    try (TestClient a = NODE.client(TestNode.ORGAN_A);
        TestClient b = NODE.client(TestNode.ORGAN_B)) {
      // The same message again after the restart: the original receipt, nothing new stored.
      long before = NODE.node().store().stats().messages();
      ix.setTimestamp(java.time.Instant.now());
      Receipt again = a.sendDocument(pkg, ix);
      assertTrue(again.isDuplicate());
      assertEquals(receipt.getMessageId(), again.getMessageId());
      assertEquals(before, NODE.node().store().stats().messages());

      assertArrayEquals(pkg, b.fetch(receipt.getMessageId()));
      b.confirm(receipt.getMessageId());
      for (StatusCode code :
          List.of(StatusCode.RECEIVED, StatusCode.ACCEPTED, StatusCode.COMPLETED)) {
        b.sendStatus(
            Status.builder()
                .from(Documents.organ(TestNode.ORGAN_B))
                .responseFor(edoc)
                .code(code)
                .build(),
            List.of(TestNode.ORGAN_A));
      }
      List<String> timeline =
          a.traces(edoc.documentId()).getEvent().stream()
              .map(e -> e.getTransport() == null ? e.getStatus() : e.getTransport().value())
              .toList();
      assertEquals(List.of("accepted", "delivered", "confirmed", "01", "03", "06"), timeline);
    }
  }
}
