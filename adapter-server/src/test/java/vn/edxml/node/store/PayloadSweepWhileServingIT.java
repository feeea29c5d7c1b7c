package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.node.store.PayloadStore.StoredPayload;

/**
 * The sweep runs while the node serves: a payload that a new message reuses (same content as an
 * orphan left by a crash, typically the client's retry of the send that crashed) must never be
 * deleted between the sweep's check and its delete.
 */
class PayloadSweepWhileServingIT {

  private static final byte[] CONTENT =
      "<edXMLEnvelope>gửi lại</edXMLEnvelope>".getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;
  private PayloadStore store;
  private ExecutorService other;

  @BeforeEach
  void open() throws Exception {
    store = Stores.payloadStore(root);
    other = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void close() {
    other.shutdownNow();
  }

  private StoredPayload orphanFromBeforeTheStart() throws Exception {
    StoredPayload orphan = store.write(new ByteArrayInputStream(CONTENT), 1024);
    Files.setLastModifiedTime(
        store.path(orphan.sha256()), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    return orphan;
  }

  private StoredPayload publishAgain() throws Exception {
    try (PayloadStore.Staged staged = store.stage(new ByteArrayInputStream(CONTENT), 1024)) {
      return staged.publish();
    }
  }

  @Test
  void reusingAnOldPayloadRefreshesItSoTheSweepSparesIt() throws Exception {
    StoredPayload orphan = orphanFromBeforeTheStart();
    Instant serving = Instant.now().minusSeconds(1);

    assertEquals(orphan, publishAgain()); // the new message's row is about to be committed

    assertEquals(0, store.sweep(d -> false, serving, () -> false));
    assertArrayEquals(CONTENT, Files.readAllBytes(store.path(orphan.sha256())));
    try (var staged = Files.list(root.resolve("tmp"))) {
      assertEquals(0, staged.count(), "the staged copy was dropped");
    }
  }

  @Test
  void aPublishDuringTheCheckOfItsFolderWaitsForTheSweepAndRestoresThePayload() throws Exception {
    StoredPayload orphan = orphanFromBeforeTheStart();
    Instant serving = Instant.now().minusSeconds(1);
    Future<?>[] publishing = new Future<?>[1];
    boolean[] blocked = new boolean[1];

    int removed =
        store.sweep(
            digest -> {
              // The sweep is checking the orphan: a retried send of the same content publishes
              // now. It must wait until the sweep leaves the folder (or the sweep would delete
              // the file the new row is about to reference).
              publishing[0] = other.submit(this::publishAgain);
              try {
                publishing[0].get(300, TimeUnit.MILLISECONDS);
              } catch (TimeoutException e) {
                blocked[0] = true;
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return false;
            },
            serving,
            () -> false);

    assertTrue(blocked[0], "the publish did not wait for the sweep of its folder");
    assertEquals(1, removed, "the sweep removed the orphan as it found it");
    assertEquals(orphan, publishing[0].get(10, TimeUnit.SECONDS));
    assertArrayEquals(CONTENT, Files.readAllBytes(store.path(orphan.sha256())));
    assertEquals(0, store.sweep(Set.of(), Duration.ofMinutes(1)), "the new copy is young");
  }

  @Test
  void sweepsAlongsideUploadsNeverFailAndNeverTakeAPublishedPayload() throws Exception {
    StoredPayload orphan = orphanFromBeforeTheStart();
    Instant serving = Instant.now().minusSeconds(1);
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    // Uploads come and go in tmp/ (published, or dropped as a refused upload is) while the sweeps
    // list and check; every published payload must survive, and no sweep may trip over a file
    // that vanished under it.
    Future<List<StoredPayload>> uploads =
        other.submit(
            () -> {
              List<StoredPayload> published = new java.util.ArrayList<>();
              for (int i = 0; i < 5_000 && System.nanoTime() < deadline; i++) {
                byte[] bytes = ("upload " + i).getBytes(StandardCharsets.UTF_8);
                try (PayloadStore.Staged staged =
                    store.stage(new ByteArrayInputStream(bytes), 1024)) {
                  if (i % 3 != 0) {
                    published.add(staged.publish());
                  }
                }
              }
              return published;
            });
    int sweeps = 0;
    int removed = 0;
    while (!uploads.isDone() && sweeps < 10_000) {
      removed += store.sweep(d -> false, serving, () -> false);
      sweeps++;
    }
    List<StoredPayload> published = uploads.get(10, TimeUnit.SECONDS);

    assertTrue(sweeps > 1 && published.size() > 10, sweeps + " sweeps, " + published.size());
    assertEquals(1, removed, "only the orphan from before the start");
    assertFalse(Files.exists(store.path(orphan.sha256())));
    for (StoredPayload p : published) {
      assertTrue(Files.isRegularFile(store.path(p.sha256())), p.sha256());
    }
  }

  @Test
  void stoppingEndsTheSweepBetweenFolders() throws Exception {
    StoredPayload a =
        store.write(new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)), 9);
    StoredPayload b =
        store.write(new ByteArrayInputStream("b".getBytes(StandardCharsets.UTF_8)), 9);
    assertFalse(a.sha256().substring(0, 2).equals(b.sha256().substring(0, 2)));
    Instant later = Instant.now().plusSeconds(60);

    assertEquals(0, store.sweep(d -> false, later, () -> true));
    assertTrue(Files.exists(store.path(a.sha256())));
    assertTrue(Files.exists(store.path(b.sha256())));
    assertEquals(2, store.sweep(d -> false, later, () -> false));
  }
}
