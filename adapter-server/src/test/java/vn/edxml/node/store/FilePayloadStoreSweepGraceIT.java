package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a grace period, the sweep spares young files that another node may be committing. */
class FilePayloadStoreSweepGraceIT {

  @TempDir Path root;

  @Test
  void youngUnreferencedPayloadsSurviveAGracefulSweepOldOnesDoNot() throws Exception {
    PayloadStore store = Stores.payloadStore(root);
    var young =
        store.write(new ByteArrayInputStream("young".getBytes(StandardCharsets.UTF_8)), 100);
    var old = store.write(new ByteArrayInputStream("old".getBytes(StandardCharsets.UTF_8)), 100);
    Files.setLastModifiedTime(
        store.path(old.sha256()), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path tmp = Files.createDirectories(root.resolve("tmp")).resolve("upload.part");
    Files.writeString(tmp, "in flight");

    int removed = store.sweep(Set.of(), Duration.ofHours(1));

    assertEquals(1, removed);
    assertTrue(Files.exists(store.path(young.sha256())));
    assertFalse(Files.exists(store.path(old.sha256())));
    assertTrue(Files.exists(tmp), "a young temporary file may belong to another node's upload");
    assertEquals(
        2, store.sweep(Set.of(), Duration.ZERO), "without grace everything unreferenced goes");
  }
}
