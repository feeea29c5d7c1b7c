package vn.edxml.node.bench.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * What this machine's file system and processor allow for a file of the package's size, measured in
 * the same run as the exchange, on one thread and with nothing else running: written in 64 KiB
 * blocks and forced to disk, then read back through SHA-256. A send writes the package durably once
 * (the node's store) and a fetch once more (the receiving organ's file), so twice the write time is
 * a floor for send + fetch that no code in the node or the client can go under here.
 *
 * @param bytes the file's size
 * @param writeNanos writing the file, {@code force} included
 * @param readSha256Nanos reading it back and hashing it
 */
record DiskFloor(long bytes, long writeNanos, long readSha256Nanos) {

  private static final int BLOCK = 64 * 1024;

  static DiskFloor measure(Path dir, long bytes) throws IOException {
    Path file = Files.createTempFile(dir, "disk-floor-", ".bin");
    try {
      byte[] block = new byte[BLOCK];
      new SplittableRandom(3).nextBytes(block);
      long t0 = System.nanoTime();
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ByteBuffer wrapped = ByteBuffer.wrap(block);
        for (long left = bytes; left > 0; left -= wrapped.limit()) {
          wrapped.clear().limit((int) Math.min(BLOCK, left));
          while (wrapped.hasRemaining()) {
            out.write(wrapped);
          }
        }
        out.force(true);
      }
      long written = System.nanoTime();
      LargeFileClient.sha256(file); // as the client reads the files it checks
      return new DiskFloor(bytes, written - t0, System.nanoTime() - written);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  double writeSeconds() {
    return writeNanos / 1e9;
  }

  double readSha256Seconds() {
    return readSha256Nanos / 1e9;
  }

  /** The package written durably twice, as a send and a fetch do: nothing else counted. */
  double sendFetchSeconds() {
    return 2 * writeSeconds();
  }
}
