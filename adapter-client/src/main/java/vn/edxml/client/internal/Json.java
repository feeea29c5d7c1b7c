package vn.edxml.client.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object written by hand, for the command-line tools' {@code --json} output and the node's
 * benchmark reports: keys in insertion order; values strings, integers, doubles (three decimals;
 * null when not finite), booleans, null, instants (ISO-8601 strings), nested objects and
 * collections of those. {@link #toString} is one line; {@link #pretty} indents by two spaces.
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

  /** Adds the other object's fields after this one's. */
  public Json putAll(Json other) {
    fields.putAll(other.fields);
    return this;
  }

  /** The object on one line. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    write(this, b, null);
    return b.toString();
  }

  /** The object indented by two spaces per level, ending with a line separator. */
  public String pretty() {
    StringBuilder b = new StringBuilder();
    write(this, b, "");
    return b.append(System.lineSeparator()).toString();
  }

  /** Writes a value; {@code indent} is the current indentation, or null for one line. */
  private static void write(Object v, StringBuilder b, String indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Json j) {
      b.append('{');
      String sep = "";
      for (Map.Entry<String, Object> e : j.fields.entrySet()) {
        b.append(sep);
        newLine(b, indent, 1);
        sep = ",";
        string(e.getKey(), b);
        b.append(indent == null ? ":" : ": ");
        write(e.getValue(), b, deeper(indent));
      }
      if (!j.fields.isEmpty()) {
        newLine(b, indent, 0);
      }
      b.append('}');
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      String sep = "";
      for (Object o : c) {
        b.append(sep);
        newLine(b, indent, 1);
        sep = ",";
        write(o, b, deeper(indent));
      }
      if (!c.isEmpty()) {
        newLine(b, indent, 0);
      }
      b.append(']');
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Double d) {
      b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
    } else if (v instanceof Instant i) {
      string(i.toString(), b);
    } else {
      string(v.toString(), b);
    }
  }

  private static String deeper(String indent) {
    return indent == null ? null : indent + "  ";
  }

  /** In pretty output, a line break and the indentation of {@code levels} below {@code indent}. */
  private static void newLine(StringBuilder b, String indent, int levels) {
    if (indent != null) {
      b.append(System.lineSeparator()).append(indent).append("  ".repeat(levels));
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
