package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.client.ErrorCode;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.wsdl.service.ConfirmReceived;
import vn.edxml.wsdl.service.GetDocument;
import vn.edxml.wsdl.service.InterchangeFault;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.Receipt;

/**
 * Catalogue H: inbox isolation. The caller's organ comes from its verified signature, never from a
 * parameter; another organ's message answers exactly like a message that does not exist.
 */
class AuthorisationIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static TestClient a;
  private static TestClient b;
  private static TestClient c;
  private static Edoc edoc;
  private static byte[] sent;
  private static Receipt receipt;

  @BeforeAll
  static void setUp() throws Exception {
    a = NODE.client(TestNode.ORGAN_A);
    b = NODE.client(TestNode.ORGAN_B);
    c = NODE.client(TestNode.ORGAN_C);
    edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    sent = TestClient.bytes(edoc);
    receipt = a.send(edoc);
  }

  @AfterAll
  static void tearDown() {
    a.close();
    b.close();
    c.close();
  }

  private static InterchangeFault fault(TestClient.ThrowingCall call) {
    try {
      call.run();
    } catch (InterchangeFault_Exception e) {
      return e.getFaultInfo();
    } catch (Exception e) {
      throw new AssertionError("expected an InterchangeFault, got " + e, e);
    }
    throw new AssertionError("the call succeeded but was expected to fail");
  }

  /** Same code and same message: the caller cannot tell "foreign" from "unknown". */
  private static void sameAnswer(InterchangeFault foreign, InterchangeFault unknown) {
    assertEquals(ErrorCode.NOT_FOUND.id(), foreign.getCode());
    assertEquals(unknown.getCode(), foreign.getCode());
    assertEquals(unknown.getMessage(), foreign.getMessage());
    assertEquals(unknown.isRetryable(), foreign.isRetryable());
    assertNotEquals(unknown.getCorrelationId(), foreign.getCorrelationId());
    assertFalse(foreign.getMessage().contains(receipt.getMessageId()));
  }

  private static void bStillHasItUnconfirmed() throws Exception {
    assertTrue(
        b.pending().getPending().stream()
            .anyMatch(p -> p.getMessageId().equals(receipt.getMessageId())));
    assertArrayEquals(sent, b.fetch(receipt.getMessageId()));
  }

  @Test
  void h83_otherOrgansPendingListDoesNotShowTheMessage() throws Exception {
    assertTrue(
        c.pending().getPending().stream()
            .noneMatch(p -> p.getMessageId().equals(receipt.getMessageId())));
    assertTrue(
        a.pending().getPending().stream()
            .noneMatch(p -> p.getMessageId().equals(receipt.getMessageId())));
  }

  @Test
  void h83_fetchOfAForeignMessageAnswersLikeAnUnknownOne() throws Exception {
    sameAnswer(
        fault(() -> c.get(receipt.getMessageId())),
        fault(() -> c.get("no-such-" + Instant.now().toEpochMilli())));
    // The sender itself is not a recipient either.
    sameAnswer(fault(() -> a.get(receipt.getMessageId())), fault(() -> a.get("no-such-id")));
    bStillHasItUnconfirmed();
  }

  @Test
  void h83_confirmOfAForeignMessageAnswersLikeAnUnknownOneAndChangesNothing() throws Exception {
    sameAnswer(
        fault(() -> c.confirm(receipt.getMessageId())), fault(() -> c.confirm("no-such-id")));
    bStillHasItUnconfirmed();
  }

  @Test
  void h83_tracesOfAForeignDocumentAnswerLikeAnUnknownOne() throws Exception {
    sameAnswer(
        fault(() -> c.traces(edoc.documentId())),
        fault(() -> c.traces("000.00.09.H99,2020/01/01,1/X")));
    assertFalse(a.traces(edoc.documentId()).getEvent().isEmpty());
  }

  @Test
  void h83_pendingListForAnotherOrganIdIsRefused() {
    InterchangeFault f = fault(() -> c.pending(TestNode.ORGAN_B, null, null));
    assertEquals(ErrorCode.REQUEST_INVALID.id(), f.getCode());
  }

  @Test
  void h83_fetchWithAnotherOrganIdIsRefused() throws Exception {
    InterchangeFault f =
        fault(
            () -> {
              ExchangePorts.interchange(
                  c.port(), Interchanges.query(TestNode.ORGAN_C, Instant.now()));
              GetDocument p = new GetDocument();
              p.setOrganId(TestNode.ORGAN_B);
              p.setMessageId(receipt.getMessageId());
              c.port().getDocument(p);
            });
    assertEquals(ErrorCode.REQUEST_INVALID.id(), f.getCode());
    assertFalse(f.getMessage().toLowerCase(Locale.ROOT).contains("found"));
    bStillHasItUnconfirmed();
  }

  @Test
  void h83_confirmWithAnotherOrganIdIsRefused() throws Exception {
    InterchangeFault f =
        fault(
            () -> {
              ExchangePorts.interchange(
                  c.port(), Interchanges.query(TestNode.ORGAN_C, Instant.now()));
              ConfirmReceived p = new ConfirmReceived();
              p.setOrganId(TestNode.ORGAN_B);
              p.setMessageId(receipt.getMessageId());
              c.port().confirmReceived(p);
            });
    assertEquals(ErrorCode.REQUEST_INVALID.id(), f.getCode());
    bStillHasItUnconfirmed();
  }

  @Test
  void h_queryClaimingAnotherOrganInTheEnvelopeIsRefused() {
    // C signs, but its Interchange header claims B: the binding refuses before any read.
    InterchangeFault f =
        fault(
            () -> {
              ExchangePorts.interchange(
                  c.port(), Interchanges.query(TestNode.ORGAN_B, Instant.now()));
              vn.edxml.wsdl.service.GetPendingDocuments p =
                  new vn.edxml.wsdl.service.GetPendingDocuments();
              p.setOrganId(TestNode.ORGAN_B);
              c.port().getPendingDocuments(p);
            });
    assertEquals(ErrorCode.SENDER_NOT_AUTHORIZED.id(), f.getCode());
  }
}
