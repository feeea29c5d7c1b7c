package vn.edxml.node.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.PendingMessage;
import vn.edxml.wsdl.service.Receipt;

/**
 * The node is stopped in the middle of a stream of documents and started again on the same data.
 * The sender retries each unacknowledged send with the same message id, as a real client does.
 * Afterwards every acknowledged document is in the receiver's mailbox exactly once.
 */
class RestartIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static final int DOCUMENTS = 24;

  @Test
  void everyAcknowledgedDocumentSurvivesARestartExactlyOnce() throws Exception {
    ExecutorService sender = Executors.newSingleThreadExecutor();
    CountDownLatch halfway = new CountDownLatch(DOCUMENTS / 3);
    List<String> acknowledged = new ArrayList<>();
    Future<Integer> retries;
    try (TestClient a = NODE.client(TestNode.ORGAN_A)) {
      retries =
          sender.submit(
              () -> {
                int retried = 0;
                for (int i = 0; i < DOCUMENTS; i++) {
                  Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
                  byte[] pkg = TestClient.bytes(edoc);
                  Interchange ix =
                      a.envelope(
                          pkg, MessageType.EDOC, List.of(TestNode.ORGAN_B), edoc.documentId());
                  Receipt receipt = null;
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  while (receipt == null) {
                    try {
                      receipt = a.sendDocument(pkg, ix);
                    } catch (RuntimeException e) {
                      // No answer (node restarting): retry the same message id.
                      retried++;
                      if (System.nanoTime() > deadline) {
                        throw e;
                      }
                      Thread.sleep(100);
                    }
                  }
                  synchronized (acknowledged) {
                    acknowledged.add(receipt.getMessageId());
                  }
                  halfway.countDown();
                }
                return retried;
              });
      assertTrue(halfway.await(60, TimeUnit.SECONDS), "the first documents were not acknowledged");
      NODE.restart();
      retries.get(120, TimeUnit.SECONDS);
    } finally {
      sender.shutdownNow();
    }
    assertEquals(DOCUMENTS, acknowledged.size());
    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      List<String> inbox = new ArrayList<>();
      for (int page = 0; page < 10; page++) {
        List<PendingMessage> pending =
            b.pending(TestNode.ORGAN_B, MessageType.EDOC, 500).getPending();
        pending.forEach(p -> inbox.add(p.getMessageId()));
        break;
      }
      Set<String> unique = new HashSet<>(inbox);
      assertEquals(inbox.size(), unique.size(), "a document is in the mailbox twice");
      assertTrue(unique.containsAll(acknowledged), "an acknowledged document was lost");
      assertEquals(DOCUMENTS, inbox.size());
    }
  }
}
