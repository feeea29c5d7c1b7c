package vn.edxml.node.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindFileTest {

  private static final int BLOCK = WriteBehindFile.BLOCK;

  @TempDir Path dir;

  @Test
  void theFileHoldsExactlyTheBytesWrittenWhateverThePieces() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    int[] sizes = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 10 * BLOCK + 3, 3_000_017};
    for (int size : sizes) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      Path file = Files.createFile(dir.resolve("f" + size));
      try (WriteBehindFile out = new WriteBehindFile(file)) {
        int at = 0;
        while (at < size) {
          if (random.nextInt(8) == 0) {
            out.write(bytes[at++]);
            continue;
          }
          int n = Math.min(size - at, random.nextInt(3 * BLOCK));
          out.write(bytes, at, n);
          at += n;
        }
      }
      assertArrayEquals(bytes, Files.readAllBytes(file), "size " + size);
    }
  }

  @Test
  void anExistingFileIsEmptiedFirst() throws IOException {
    Path file = Files.write(dir.resolve("old"), new byte[3 * BLOCK]);
    try (WriteBehindFile out = new WriteBehindFile(file)) {
      out.write(new byte[] {1, 2, 3});
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
  }

  @Test
  void aSmallFileStartsNoThreadAndALargeOneLeavesNone() throws IOException {
    Path file = Files.createFile(dir.resolve("small"));
    try (WriteBehindFile out = new WriteBehindFile(file)) {
      out.write(new byte[BLOCK]); // exactly one block: still the caller's, at close
      assertEquals(0, writerThreads());
    }
    try (WriteBehindFile out = new WriteBehindFile(file)) {
      out.write(new byte[BLOCK + 1]);
      assertEquals(1, writerThreads());
    }
    assertEquals(0, writerThreads(), "close() waits for the writer to end");
    assertEquals(BLOCK + 1, Files.size(file));
  }

  @Test
  void aWriteErrorOfTheWriterReachesTheCaller() {
    Path full = Path.of("/dev/full"); // every write fails: no space left on the device
    assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (WriteBehindFile out = new WriteBehindFile(full)) {
                for (int i = 0; i < 64; i++) {
                  out.write(new byte[BLOCK]);
                }
              }
            });
    assertTrue(e.getMessage().startsWith("writing the file failed"), e.getMessage());
    assertEquals(0, writerThreads());
  }

  @Test
  void writingAfterCloseIsRefused() throws IOException {
    Path file = Files.createFile(dir.resolve("closed"));
    WriteBehindFile out = new WriteBehindFile(file);
    out.close();
    out.close(); // twice is harmless
    assertThrows(IOException.class, () -> out.write(1));
  }

  private static long writerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("edxml-write-behind") && t.isAlive())
        .count();
  }
}
