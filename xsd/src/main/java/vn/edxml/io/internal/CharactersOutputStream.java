package vn.edxml.io.internal;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Turns the ASCII bytes of a base64 encoder into element text on a StAX writer, a buffer at a time,
 * so an attachment streams from its source into the package. {@link #close()} flushes but leaves
 * the StAX writer open.
 */
public final class CharactersOutputStream extends OutputStream {

  private final XMLStreamWriter out;
  private final char[] buffer = new char[16 * 1024];
  private int count;

  public CharactersOutputStream(XMLStreamWriter out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length) {
      flush();
    }
    buffer[count++] = (char) (b & 0x7F);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      if (count == buffer.length) {
        flush();
      }
      buffer[count++] = (char) (b[i] & 0x7F);
    }
  }

  @Override
  public void flush() throws IOException {
    if (count > 0) {
      try {
        out.writeCharacters(buffer, 0, count);
      } catch (XMLStreamException e) {
        throw new IOException("Cannot write attachment content", e);
      }
      count = 0;
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
