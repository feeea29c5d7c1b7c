package vn.edxml.io.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Records SAX events of a subtree, with their locations, to replay them later into another handler
 * (JAXB's UnmarshallerHandler, once the package kind is known). Only the envelope is recorded; it
 * is small and bounded by the reader's limits.
 */
final class EventRecorder {

  /** A mutable locator that replays the recorded positions. */
  static final class ReplayLocator implements Locator {
    int line = -1;
    int column = -1;

    @Override
    public String getPublicId() {
      return null;
    }

    @Override
    public String getSystemId() {
      return null;
    }

    @Override
    public int getLineNumber() {
      return line;
    }

    @Override
    public int getColumnNumber() {
      return column;
    }
  }

  private sealed interface Event permits Start, End, Text {}

  private record Start(
      String uri,
      String localName,
      String qName,
      Attributes attributes,
      List<String[]> mappings,
      int line,
      int column)
      implements Event {}

  private record End(String uri, String localName, String qName, int line, int column)
      implements Event {}

  private record Text(char[] text, int line, int column) implements Event {}

  private final List<Event> events = new ArrayList<>();

  void start(
      String uri,
      String localName,
      String qName,
      Attributes atts,
      List<String[]> mappings,
      Locator at) {
    events.add(
        new Start(
            uri,
            localName,
            qName,
            new AttributesImpl(atts),
            List.copyOf(mappings),
            line(at),
            column(at)));
  }

  void end(String uri, String localName, String qName, Locator at) {
    events.add(new End(uri, localName, qName, line(at), column(at)));
  }

  void text(char[] ch, int start, int length, Locator at) {
    char[] copy = new char[length];
    System.arraycopy(ch, start, copy, 0, length);
    events.add(new Text(copy, line(at), column(at)));
  }

  /** Replays the events; prefix mappings are closed when their element ends. */
  void replay(ContentHandler target, ReplayLocator locator) throws SAXException {
    Deque<List<String[]>> open = new ArrayDeque<>();
    for (Event event : events) {
      if (event instanceof Start s) {
        locator.line = s.line();
        locator.column = s.column();
        for (String[] m : s.mappings()) {
          target.startPrefixMapping(m[0], m[1]);
        }
        open.push(s.mappings());
        target.startElement(s.uri(), s.localName(), s.qName(), s.attributes());
      } else if (event instanceof End e) {
        locator.line = e.line();
        locator.column = e.column();
        target.endElement(e.uri(), e.localName(), e.qName());
        for (String[] m : open.pop()) {
          target.endPrefixMapping(m[0]);
        }
      } else if (event instanceof Text t) {
        locator.line = t.line();
        locator.column = t.column();
        target.characters(t.text(), 0, t.text().length);
      }
    }
  }

  private static int line(Locator at) {
    return at == null ? -1 : at.getLineNumber();
  }

  private static int column(Locator at) {
    return at == null ? -1 : at.getColumnNumber();
  }
}
