package vn.edxml.node.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object written by hand for the benchmarks' result files (bench, bench-file, bench-store):
 * keys in insertion order; values strings, integers, doubles (finite, else null), booleans, null,
 * nested objects and collections of those. Printed with two-space indentation.
 */
public final class Json {

  private final Map<String, Object> fields = new LinkedHashMap<>();

  public static Json object() {
    return new Json();
  }

  public Json put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    write(this, b, "");
    return b.append(System.lineSeparator()).toString();
  }

  private static void write(Object v, StringBuilder b, String indent) {
    String inner = indent + "  ";
    String nl = System.lineSeparator();
    if (v == null) {
      b.append("null");
    } else if (v instanceof Json j) {
      if (j.fields.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : j.fields.entrySet()) {
        b.append(first ? "" : ",").append(nl).append(inner);
        first = false;
        string(e.getKey(), b);
        b.append(": ");
        write(e.getValue(), b, inner);
      }
      b.append(nl).append(indent).append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        b.append(first ? "" : ",").append(nl).append(inner);
        first = false;
        write(o, b, inner);
      }
      b.append(nl).append(indent).append(']');
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Double d) {
      b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
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
