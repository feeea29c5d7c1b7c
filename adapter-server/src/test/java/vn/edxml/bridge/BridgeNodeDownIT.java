package vn.edxml.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;

/** While the node is down, files wait under .bridge/; they go once it is back. */
class BridgeNodeDownIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @AfterAll
  static void closeClients() {
    BridgeSite.closeClients();
  }

  private static final String A = TestNode.ORGAN_A;
  private static final String B = TestNode.ORGAN_B;

  @Test
  void filesWaitWhileTheNodeIsDownAndGoWhenItIsBack() throws Exception {
    BridgeSite a = BridgeSite.create(NODE, A);
    BridgeSite b = BridgeSite.create(NODE, B);
    Edoc first = Documents.edoc(A, B);
    Edoc second = Documents.edoc(A, B);
    byte[] firstBytes = TestClient.bytes(first);
    byte[] secondBytes = TestClient.bytes(second);
    a.drop("mot.edxml", firstBytes);
    a.drop("hai.edxml", secondBytes);
    NODE.stop();
    try {
      Bridge.Cycle down = a.cycle();
      assertFalse(down.nodeReachable(), down.line());
      assertEquals(0, down.sent());
      assertEquals(0, down.failed());
      assertEquals(List.of(), a.names("sent"));
      assertEquals(List.of(), a.names("failed"));
      // Claimed (so journaled with their message ids) or still in outbox/: never lost.
      assertEquals(
          2, a.names(".bridge/outgoing").size() + a.names("outbox").size(), "both files wait");
      assertFalse(b.cycle().nodeReachable());
    } finally {
      NODE.startAgain();
    }

    // The running bridge (poll 1 s) sends them on its own once the node answers.
    List<Bridge.Cycle> cycles = new CopyOnWriteArrayList<>();
    try (Bridge bridge = a.open()) {
      Thread runner = new Thread(() -> bridge.run(cycles::add), "bridge-a");
      runner.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (a.names("sent").size() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      bridge.stop();
      runner.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(runner.isAlive(), "stop() ends run()");
    }
    assertEquals(
        List.of("hai.edxml", "hai.edxml.receipt.txt", "mot.edxml", "mot.edxml.receipt.txt"),
        a.names("sent"));
    a.assertIdle();
    assertTrue(cycles.stream().allMatch(Bridge.Cycle::nodeReachable));

    Bridge.Cycle received = b.cycle();
    assertEquals(2, received.received(), received.line());
    assertEquals(1, b.copiesOf("inbox", firstBytes));
    assertEquals(1, b.copiesOf("inbox", secondBytes));
    b.assertIdle();
    assertTrue(Files.isDirectory(b.sub("status")));
  }
}
