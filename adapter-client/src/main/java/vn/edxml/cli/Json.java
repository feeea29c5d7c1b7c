package vn.edxml.cli;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object written by hand, for {@code --json}: keys in insertion order, values strings,
 * numbers, booleans, null, instants (ISO-8601 strings), nested objects and collections of those.
 */
final class Json {

  private final Map<String, Object> fields = new LinkedHashMap<>();

  static Json object() {
    return new Json();
  }

  Json put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** Adds the other object's fields after this one's. */
  Json putAll(Json other) {
    fields.putAll(other.fields);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    write(this, b);
    return b.toString();
  }

  private static void write(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Json j) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : j.fields.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(e.getKey(), b);
        b.append(':');
        write(e.getValue(), b);
      }
      b.append('}');
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          b.append(',');
        }
        first = false;
        write(o, b);
      }
      b.append(']');
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Instant i) {
      string(i.toString(), b);
    } else {
      string(v.toString(), b);
    }
  }

  private static void string(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
