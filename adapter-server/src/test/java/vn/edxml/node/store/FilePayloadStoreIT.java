package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.node.store.PayloadStore.PayloadTooLargeException;
import vn.edxml.node.store.PayloadStore.StoredPayload;

class FilePayloadStoreIT {

  @TempDir Path root;
  private PayloadStore store;

  @BeforeEach
  void open() throws IOException {
    store = Stores.payloadStore(root);
  }

  @Test
  void stagedBytesAreReadableButNotStoredUntilPublished() throws Exception {
    byte[] bytes = "<edXMLEnvelope>Tờ trình</edXMLEnvelope>".getBytes(StandardCharsets.UTF_8);
    String expected = Fixtures.sha256(bytes);
    try (PayloadStore.Staged staged = store.stage(new ByteArrayInputStream(bytes), 1024)) {
      assertEquals(expected, staged.sha256());
      assertEquals(bytes.length, staged.size());
      try (InputStream in = staged.open()) {
        assertArrayEquals(bytes, in.readAllBytes());
      }
      assertEquals(List.of(), files(root.resolve("payloads")));
      assertEquals(1, files(root.resolve("tmp")).size());
    }
    // Closed without publishing: gone, nothing stored.
    assertEquals(List.of(), files(root.resolve("payloads")));
    assertEquals(List.of(), files(root.resolve("tmp")));
    assertThrows(NoSuchFileException.class, () -> store.open(expected));
  }

  @Test
  void publishingRenamesTheStagedFileAndIsIdempotent() throws Exception {
    byte[] bytes = "<edXMLEnvelope>Quyết định</edXMLEnvelope>".getBytes(StandardCharsets.UTF_8);
    String expected = Fixtures.sha256(bytes);
    try (PayloadStore.Staged staged = store.stage(new ByteArrayInputStream(bytes), 1024)) {
      StoredPayload first = staged.publish();
      assertEquals(new StoredPayload(expected, bytes.length), first);
      assertEquals(first, staged.publish());
      try (InputStream in = staged.open()) {
        assertArrayEquals(bytes, in.readAllBytes());
      }
    }
    // Closing a published staging keeps the payload.
    assertEquals(List.of(store.path(expected)), files(root.resolve("payloads")));
    assertEquals(List.of(), files(root.resolve("tmp")));
    // The same content staged again is published onto the copy already there.
    try (PayloadStore.Staged again = store.stage(new ByteArrayInputStream(bytes), 1024)) {
      assertEquals(new StoredPayload(expected, bytes.length), again.publish());
    }
    assertEquals(List.of(store.path(expected)), files(root.resolve("payloads")));
    assertEquals(List.of(), files(root.resolve("tmp")));
  }

  @Test
  void stagingMoreThanAllowedKeepsNothing() {
    byte[] bytes = new byte[4096];
    assertThrows(
        PayloadTooLargeException.class, () -> store.stage(new ByteArrayInputStream(bytes), 4095));
    assertEquals(List.of(), files(root.resolve("tmp")));
    assertEquals(List.of(), files(root.resolve("payloads")));
  }

  @Test
  void contentIsAddressedByItsSha256AndStoredOnce() throws Exception {
    byte[] bytes = "<edXMLEnvelope>Công văn</edXMLEnvelope>".getBytes(StandardCharsets.UTF_8);
    String expected = Fixtures.sha256(bytes);

    StoredPayload first = store.write(new ByteArrayInputStream(bytes), 1024);
    StoredPayload second = store.write(new ByteArrayInputStream(bytes), 1024);

    assertEquals(new StoredPayload(expected, bytes.length), first);
    assertEquals(first, second);
    Path path = store.path(expected);
    assertEquals(
        root.resolve("payloads")
            .resolve(expected.substring(0, 2))
            .resolve(expected.substring(2, 4))
            .resolve(expected)
            .toAbsolutePath(),
        path);
    try (InputStream in = store.open(expected)) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
    assertEquals(List.of(path), files(root.resolve("payloads")));
    assertEquals(List.of(), files(root.resolve("tmp")));
  }

  @Test
  void digestsMatchAnIndependentSha256() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    for (int size : new int[] {0, 1, 63, 64, 65_535, 65_536, 65_537, 1_000_000}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      StoredPayload p = store.write(new ByteArrayInputStream(bytes), size);
      assertEquals(Fixtures.sha256(bytes), p.sha256(), "size " + size);
      assertEquals(size, p.size());
      assertArrayEquals(bytes, Files.readAllBytes(store.path(p.sha256())));
    }
    // the well-known digest of the empty input
    assertTrue(
        Files.exists(
            store.path("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")));
  }

  @Test
  void aStreamThatHandsOverSmallPiecesIsStoredExactly() throws Exception {
    // As a multipart upload reads: a few KiB or less per call, never a whole buffer.
    SplittableRandom random = new SplittableRandom(7);
    for (int size : new int[] {2_047, 65_536, 65_537, 300_001}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      InputStream trickle =
          new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
              return super.read(b, off, Math.min(len, 1 + random.nextInt(2_048)));
            }
          };
      StoredPayload p = store.write(trickle, size);
      assertEquals(new StoredPayload(Fixtures.sha256(bytes), size), p, "size " + size);
      assertArrayEquals(bytes, Files.readAllBytes(store.path(p.sha256())), "size " + size);
    }
    byte[] over = new byte[100_001];
    InputStream trickle =
        new ByteArrayInputStream(over) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1_000));
          }
        };
    assertThrows(PayloadTooLargeException.class, () -> store.write(trickle, 100_000));
    assertEquals(List.of(), files(root.resolve("tmp")));
  }

  @Test
  void aPayloadOverTheCapIsRefusedAndLeavesNothing() throws Exception {
    byte[] bytes = new byte[200_001];
    assertThrows(
        PayloadTooLargeException.class,
        () -> store.write(new ByteArrayInputStream(bytes), 200_000));
    assertEquals(List.of(), files(root.resolve("tmp")));
    assertEquals(List.of(), files(root.resolve("payloads")));
    // exactly at the cap is fine
    assertEquals(200_000, store.write(new ByteArrayInputStream(new byte[200_000]), 200_000).size());
  }

  @Test
  void aFailingStreamLeavesNoTemporaryFile() {
    InputStream broken =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ > 100_000) {
              throw new IOException("connection reset");
            }
            return 'x';
          }
        };
    IOException e = assertThrows(IOException.class, () -> store.write(broken, 1 << 20));
    assertEquals("connection reset", e.getMessage());
    assertEquals(List.of(), files(root.resolve("tmp")));
  }

  @Test
  void sweepRemovesTemporaryFilesAndUnreferencedPayloads() throws Exception {
    StoredPayload kept = store.write(stream("kept"), 100);
    StoredPayload orphan = store.write(stream("orphan"), 100);
    Files.writeString(root.resolve("tmp/in-1.part"), "half an upload");
    Files.writeString(root.resolve("tmp/in-2.part"), "another");
    Files.createDirectories(root.resolve("payloads/zz"));
    Files.writeString(root.resolve("payloads/zz/not-a-digest"), "junk");
    // a digest in the wrong folder is not where path() looks: junk as well
    Files.createDirectories(root.resolve("payloads/00/00"));
    Files.writeString(root.resolve("payloads/00/00/" + kept.sha256()), "misplaced");

    int removed = store.sweep(Set.of(kept.sha256()));

    assertEquals(5, removed);
    assertEquals(List.of(store.path(kept.sha256())), files(root.resolve("payloads")));
    assertEquals(List.of(), files(root.resolve("tmp")));
    assertFalse(Files.exists(root.resolve("payloads/zz")));
    assertFalse(Files.exists(store.path(orphan.sha256()).getParent()));
    assertThrows(NoSuchFileException.class, () -> store.open(orphan.sha256()));
    assertEquals(0, store.sweep(Set.of(kept.sha256())));
  }

  @Test
  void onlyDigestsBecomePaths() {
    for (String bad :
        new String[] {
          null, "", "../../etc/passwd", "ABCDEF".repeat(10) + "ABCD", "g".repeat(64), "a".repeat(63)
        }) {
      assertThrows(IllegalArgumentException.class, () -> store.path(bad), String.valueOf(bad));
    }
    assertThrows(NoSuchFileException.class, () -> store.open("a".repeat(64)));
  }

  @Test
  void concurrentIdenticalWritesKeepOneFile() throws Exception {
    byte[] bytes = new byte[300_000];
    new SplittableRandom(7).nextBytes(bytes);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<StoredPayload>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.write(new ByteArrayInputStream(bytes), bytes.length);
                }));
      }
      go.countDown();
      for (Future<StoredPayload> f : results) {
        assertEquals(Fixtures.sha256(bytes), f.get(30, TimeUnit.SECONDS).sha256());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, files(root.resolve("payloads")).size());
    assertEquals(List.of(), files(root.resolve("tmp")));
    assertArrayEquals(bytes, Files.readAllBytes(store.path(Fixtures.sha256(bytes))));
  }

  /**
   * 200 MB generated on the fly go in and come back out with the right digest, while this thread
   * allocates only a few MB in total: the store never holds the payload in memory.
   */
  @Test
  void aLargePayloadStreamsWithBoundedMemory() throws Exception {
    long size = 200L * 1024 * 1024;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    long before = threads.getCurrentThreadAllocatedBytes();
    StoredPayload p = store.write(new GeneratedStream(size, 2025), size);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertEquals(size, p.size());
    assertEquals(digest(new GeneratedStream(size, 2025)), p.sha256());
    assertTrue(allocated < 16L * 1024 * 1024, "write allocated " + allocated + " bytes");
    try (InputStream in = store.open(p.sha256())) {
      assertEquals(p.sha256(), digest(in));
    }
    assertEquals(size, Files.size(store.path(p.sha256())));
  }

  private static String digest(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) != -1) {
      md.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Path> files(Path folder) {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Deterministic pseudo-random bytes, produced as they are read. */
  private static final class GeneratedStream extends InputStream {
    private final SplittableRandom random;
    private long remaining;

    GeneratedStream(long size, long seed) {
      this.remaining = size;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          b[off + i + j] = (byte) (v >>> (8 * j));
        }
      }
      remaining -= n;
      return n;
    }
  }
}
