package vn.edxml.node.bench.file;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object written by hand for {@code bench-file --json}: keys in insertion order; values are
 * strings, integers, finite doubles (three decimals), booleans, null, nested objects and
 * collections of those.
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

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    write(this, b, "");
    return b.append('\n').toString();
  }

  private static void write(Object v, StringBuilder b, String indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Json j) {
      if (j.fields.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append("{\n");
      String inner = indent + "  ";
      int i = 0;
      for (Map.Entry<String, Object> e : j.fields.entrySet()) {
        b.append(inner);
        string(e.getKey(), b);
        b.append(": ");
        write(e.getValue(), b, inner);
        b.append(++i < j.fields.size() ? ",\n" : "\n");
      }
      b.append(indent).append('}');
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      int i = 0;
      for (Object o : c) {
        write(o, b, indent);
        if (++i < c.size()) {
          b.append(", ");
        }
      }
      b.append(']');
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        b.append("null");
      } else {
        b.append(String.format(Locale.ROOT, "%.3f", d));
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
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
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
