package org.jukebox.web.internal;

import java.util.Map;

/**
 * Writes JSON from maps, lists, strings, numbers, booleans and null. Strings escape {@code < > &}
 * too, so a JSON answer can never be read as markup.
 */
public final class Json {
  private Json() {}

  /**
   * The JSON text of {@code value}.
   *
   * @throws IllegalArgumentException for a type it cannot write
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder(256);
    write(value, b);
    return b.toString();
  }

  private static void write(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(s, b);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      b.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      // A map that keeps no order of its own (Map.of's differs from one JVM to the next) is
      // written in key order, so the same value is always the same text.
      Iterable<? extends Map.Entry<?, ?>> entries = m instanceof java.util.LinkedHashMap<?, ?> || m instanceof java.util.SortedMap<?, ?>
          ? m.entrySet()
          : m.entrySet().stream().sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getKey()))).toList();
      for (Map.Entry<?, ?> e : entries) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), b);
        b.append(':');
        write(e.getValue(), b);
      }
      b.append('}');
    } else if (v instanceof Iterable<?> list) {
      b.append('[');
      boolean first = true;
      for (Object o : list) {
        if (!first) {
          b.append(',');
        }
        first = false;
        write(o, b);
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
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
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
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
