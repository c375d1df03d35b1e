package io.paxoschat.events;

import java.util.Collection;
import java.util.Map;

/** Writes the few JSON shapes an event line has: strings, numbers, booleans, maps and lists of them. */
final class Json {

  private Json() {}

  private static final String[] CONTROL_ESCAPES = new String[0x20];

  static {
    for (char c = 0; c < 0x20; c++) {
      CONTROL_ESCAPES[c] = String.format("\\u%04x", (int) c);
    }
    CONTROL_ESCAPES['\n'] = "\\n";
    CONTROL_ESCAPES['\r'] = "\\r";
    CONTROL_ESCAPES['\t'] = "\\t";
  }

  static void string(StringBuilder out, String text) {
    out.append('"');
    // Most text (lanes, message types, keys) needs no escape: copied whole.
    int plain = 0;
    while (plain < text.length() && escape(text.charAt(plain)) == null) {
      plain++;
    }
    out.append(text, 0, plain);
    for (int i = plain; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = escape(c);
      if (escape != null) {
        out.append(escape);
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** What {@code c} is written as inside a JSON string, or null when it stands for itself. */
  static String escape(char c) {
    if (c < 0x20) {
      return CONTROL_ESCAPES[c];
    }
    return c == '"' ? "\\\"" : c == '\\' ? "\\\\" : null;
  }

  static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      string(out, text);
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? d.toString() : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      object(out, map);
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(out, item);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  static void object(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, String.valueOf(entry.getKey()));
      out.append(':');
      value(out, entry.getValue());
    }
    out.append('}');
  }
}
