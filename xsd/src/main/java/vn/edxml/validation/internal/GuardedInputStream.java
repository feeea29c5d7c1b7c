package vn.edxml.validation.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes the parser reads and stops it when a package is too big, or when the parser has
 * read too much without producing a single event (a huge attribute, name, comment or processing
 * instruction, or megabytes of junk before the root): those are the places where a parser buffers,
 * so cutting them off bounds memory.
 */
final class GuardedInputStream extends FilterInputStream {

  /** Thrown (through the parser) when a byte limit is hit. */
  static final class LimitReached extends IOException {
    private static final long serialVersionUID = 1L;
    final boolean stall;
    final long limit;

    LimitReached(boolean stall, long limit) {
      super(stall ? "too many bytes without any XML event" : "document too large");
      this.stall = stall;
      this.limit = limit;
    }
  }

  private final long maxBytes;
  private final long maxStall;
  private long position;
  private long lastEvent;

  GuardedInputStream(InputStream in, long maxBytes, long maxStall) {
    super(in);
    this.maxBytes = maxBytes;
    this.maxStall = maxStall;
  }

  /** The parser produced an event: the stall counter restarts. */
  void event() {
    lastEvent = position;
  }

  long position() {
    return position;
  }

  private void count(long n) throws LimitReached {
    if (n > 0) {
      position += n;
      if (position > maxBytes) {
        throw new LimitReached(false, maxBytes);
      }
      if (position - lastEvent > maxStall) {
        throw new LimitReached(true, maxStall);
      }
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    count(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    count(s);
    return s;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
