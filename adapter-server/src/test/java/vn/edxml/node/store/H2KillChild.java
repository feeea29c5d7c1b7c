package vn.edxml.node.store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Child JVM for {@link H2DurabilityIT}: stores messages (payload file, then database row), prints
 * {@code ACK <n>} after each acknowledgement, then dies with {@link Runtime#halt} (no shutdown
 * hooks, no clean close: what a kill -9 does to the process).
 *
 * <p>Arguments: JDBC URL, payload root, number of messages, h2Sync (true/false).
 */
public final class H2KillChild {

  private H2KillChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path root = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    boolean sync = Boolean.parseBoolean(args[3]);
    MessageStore store = Stores.messageStore(url).h2Sync(sync).nodeCode("NODE.CHILD").open();
    PayloadStore payloads = Stores.payloadStore(root);
    for (int i = 0; i < count; i++) {
      byte[] bytes = ("package " + i).getBytes(StandardCharsets.UTF_8);
      PayloadStore.StoredPayload p = payloads.write(new ByteArrayInputStream(bytes), 1 << 20);
      StoreOutcome outcome =
          store.store(
              new NewMessage(
                  "000.00.00.G22",
                  "kill-" + i,
                  "edoc",
                  "DOC-" + i,
                  0,
                  null,
                  "subject " + i,
                  p.sha256(),
                  p.size(),
                  "<Interchange/>",
                  Instant.now(),
                  List.of(new NewMessage.Delivery("000.00.00.H29", DeliveryState.DELIVERED, null)),
                  List.of(),
                  false));
      if (!(outcome instanceof StoreOutcome.Stored)) {
        throw new IllegalStateException("unexpected " + outcome);
      }
      System.out.println("ACK " + i);
      System.out.flush();
    }
    Runtime.getRuntime().halt(137);
  }
}
