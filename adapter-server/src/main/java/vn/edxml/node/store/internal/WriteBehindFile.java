package vn.edxml.node.store.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a large file on a second thread while the caller produces its bytes: the caller fills 64
 * KiB blocks, a writer thread hands them to the file in order. For an upload the request's thread
 * reads the network, parses the multipart stream and hashes; filling the page cache is the other
 * half of the work (on this project's benchmark machine, more than half), and it runs on the other
 * core instead of after each read. {@code bench-file --size 1GiB}, three runs each, alternated:
 * send 13.3 s against 14.8 s (medians) with the same 64 KiB writes on the request's thread.
 *
 * <p>Nothing changes for small files: the writer thread starts when a byte follows the first full
 * block, so a file of at most 64 KiB is written by the caller at {@link #close}. Memory is at most
 * {@value #DEPTH} blocks in flight plus the one being filled.
 *
 * <p>A write error on the writer thread is rethrown to the caller on its next write or at {@link
 * #close}, which waits for every block to be written (or for the writer to fail) and closes the
 * file; it does not force the file to disk. Not thread-safe: one producer.
 */
final class WriteBehindFile extends OutputStream {

  static final int BLOCK = 64 * 1024;
  static final int DEPTH = 4;

  /** Put after the last block. */
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final FileChannel channel;
  private final BlockingQueue<ByteBuffer> toWrite = new ArrayBlockingQueue<>(DEPTH);
  private final BlockingQueue<ByteBuffer> written = new ArrayBlockingQueue<>(DEPTH + 1);
  private ByteBuffer filling = ByteBuffer.allocate(BLOCK);
  private Thread writer;
  private volatile IOException failure;
  private boolean closed;

  /** Opens {@code file} (which must exist) for writing, emptying it. */
  WriteBehindFile(Path file) throws IOException {
    this.channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("the file is closed");
    }
    while (len > 0) {
      if (!filling.hasRemaining()) {
        handOver(); // only once more bytes come: the last block is close()'s
      }
      int n = Math.min(len, filling.remaining());
      filling.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  /** The full block goes to the writer (started now, for the first); a fresh one is filled. */
  private void handOver() throws IOException {
    throwIfFailed();
    filling.flip();
    if (writer == null) {
      writer = new Thread(this::writeBlocks, "edxml-write-behind");
      writer.setDaemon(true);
      writer.start();
    }
    put(filling);
    ByteBuffer next = written.poll();
    filling = next == null ? ByteBuffer.allocate(BLOCK) : next.clear();
  }

  private void put(ByteBuffer block) throws IOException {
    try {
      while (!toWrite.offer(block, 100, TimeUnit.MILLISECONDS)) {
        if (!writer.isAlive()) {
          throwIfFailed();
          throw new IOException("the file's writer thread stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the file");
    }
  }

  /** The writer thread: blocks in order until {@link #END}; after a failure, discards the rest. */
  private void writeBlocks() {
    while (true) {
      ByteBuffer block;
      try {
        block = toWrite.take();
      } catch (InterruptedException e) {
        return; // only close() interrupts, after the producer has stopped
      }
      if (block == END) {
        return;
      }
      if (failure == null) {
        try {
          while (block.hasRemaining()) {
            channel.write(block);
          }
        } catch (IOException e) {
          failure = e;
        }
      }
      written.offer(block);
    }
  }

  private void throwIfFailed() throws IOException {
    IOException e = failure;
    if (e != null) {
      throw new IOException("writing the file failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      filling.flip();
      if (writer == null) {
        while (filling.hasRemaining()) {
          channel.write(filling);
        }
        return;
      }
      if (filling.hasRemaining()) {
        put(filling);
      }
      put(END);
      join();
      throwIfFailed();
    } finally {
      if (writer != null && writer.isAlive()) {
        writer.interrupt(); // the producer gave up (interrupted); the writer must not outlive it
      }
    }
  }

  private void join() throws InterruptedIOException {
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the file was being written");
    }
  }
}
