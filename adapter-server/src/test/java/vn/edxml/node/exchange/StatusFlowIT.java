package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.Receipt;
import vn.edxml.wsdl.service.TraceEvent;

/** Status packages: delivery to the issuer, the processing cycle, recall, and the rules. */
class StatusFlowIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static final String A = TestNode.ORGAN_A;
  private static final String B = TestNode.ORGAN_B;
  private static final String C = TestNode.ORGAN_C;

  private static Status status(String from, Edoc edoc, StatusCode code, String description) {
    Status.Builder b = Status.builder().from(Documents.organ(from)).responseFor(edoc).code(code);
    if (description != null) {
      b.description(description);
    }
    return b.build();
  }

  private static List<String> statuses(TestClient client, String documentId) throws Exception {
    return client.traces(documentId).getEvent().stream()
        .filter(e -> e.getStatus() != null)
        .map(TraceEvent::getStatus)
        .toList();
  }

  @Test
  void receiverWalksTheDocumentThroughEveryProcessingStatusAndTheSenderSeesAll() throws Exception {
    try (TestClient a = NODE.client(A);
        TestClient b = NODE.client(B)) {
      Edoc edoc = Documents.edoc(A, B);
      Receipt sent = a.send(edoc);
      b.confirm(sent.getMessageId());
      for (StatusCode code :
          List.of(
              StatusCode.RECEIVED,
              StatusCode.ACCEPTED,
              StatusCode.ASSIGNED,
              StatusCode.PROCESSING,
              StatusCode.PROCESSING,
              StatusCode.COMPLETED)) {
        Receipt r = b.sendStatus(status(B, edoc, code, null), List.of(A));
        assertEquals(MessageType.STATUS, r.getMessageType());
        assertEquals(A, r.getRecipient().get(0).getOrganId());
      }
      assertEquals(List.of("01", "03", "04", "05", "05", "06"), statuses(a, edoc.documentId()));
      // The status packages wait in the sender's mailbox, oldest first.
      var pending =
          a.pending(A, MessageType.STATUS, null).getPending().stream()
              .filter(p -> p.getDocumentId().equals(edoc.documentId()))
              .map(p -> p.getStatusCode())
              .toList();
      assertEquals(List.of("01", "03", "04", "05", "05", "06"), pending);
      // The receiver sees the same timeline.
      assertEquals(statuses(a, edoc.documentId()), statuses(b, edoc.documentId()));
    }
  }

  @Test
  void eachStatusOtherThan05AtMostOncePerReceiver() throws Exception {
    try (TestClient a = NODE.client(A);
        TestClient b = NODE.client(B)) {
      Edoc edoc = Documents.edoc(A, B);
      a.send(edoc);
      b.sendStatus(status(B, edoc, StatusCode.ACCEPTED, null), List.of(A));
      assertEquals(
          "status_duplicate",
          TestClient.faultCode(
              () -> b.sendStatus(status(B, edoc, StatusCode.ACCEPTED, null), List.of(A))));
      assertEquals(List.of("03"), statuses(a, edoc.documentId()));
    }
  }

  @Test
  void recallByTheIssuerIsAgreedByTheReceiver() throws Exception {
    try (TestClient a = NODE.client(A);
        TestClient b = NODE.client(B);
        TestClient c = NODE.client(C)) {
      Edoc edoc = Documents.edoc(A, B, C);
      a.send(edoc);
      // 15 before any 13 is refused.
      assertEquals(
          "status_without_recall",
          TestClient.faultCode(
              () -> b.sendStatus(status(B, edoc, StatusCode.CHANGE_ACCEPTED, null), List.of(A))));
      // Only the issuer may recall.
      assertEquals(
          "status_recall_not_issuer",
          TestClient.faultCode(
              () -> b.sendStatus(status(B, edoc, StatusCode.RECALLED, "lấy lại"), List.of(A))));
      Receipt recall =
          a.sendStatus(
              status(A, edoc, StatusCode.RECALLED, "Văn bản ban hành nhầm, đề nghị trả lại"),
              List.of(B, C));
      assertEquals(2, recall.getRecipient().size());
      assertTrue(
          b.pending(B, MessageType.STATUS, null).getPending().stream()
              .anyMatch(
                  p ->
                      p.getMessageId().equals(recall.getMessageId())
                          && "13".equals(p.getStatusCode())));
      b.sendStatus(status(B, edoc, StatusCode.CHANGE_ACCEPTED, null), List.of(A));
      c.sendStatus(
          status(C, edoc, StatusCode.CHANGE_REJECTED, "Văn bản đã được xử lý"), List.of(A));
      List<TraceEvent> events = a.traces(edoc.documentId()).getEvent();
      assertEquals(
          List.of("13", "13", "15", "16"),
          events.stream().filter(e -> e.getStatus() != null).map(TraceEvent::getStatus).toList());
      assertEquals(
          List.of(B, C),
          events.stream()
              .filter(e -> "13".equals(e.getStatus()))
              .map(TraceEvent::getRecipient)
              .sorted()
              .toList());
    }
  }

  @Test
  void statusRulesAreEnforced() throws Exception {
    try (TestClient a = NODE.client(A);
        TestClient b = NODE.client(B);
        TestClient c = NODE.client(C)) {
      Edoc edoc = Documents.edoc(A, B);
      a.send(edoc);
      // C received nothing: not a participant.
      assertEquals(
          "status_not_participant",
          TestClient.faultCode(
              () -> c.sendStatus(status(C, edoc, StatusCode.RECEIVED, null), List.of(A))));
      // Status about an unknown document.
      Edoc never = Documents.edoc(A, B);
      assertEquals(
          "status_unknown_document",
          TestClient.faultCode(
              () -> b.sendStatus(status(B, never, StatusCode.RECEIVED, null), List.of(A))));
      // A status must go to the issuer.
      assertEquals(
          "envelope_mismatch",
          TestClient.faultCode(
              () -> b.sendStatus(status(B, edoc, StatusCode.RECEIVED, null), List.of(C))));
      assertTrue(statuses(a, edoc.documentId()).isEmpty());
    }
  }
}
