package io.paxoschat.report;

import java.util.Locale;

/** Small helpers to write SVG and HTML text. */
final class Svg {

  private Svg() {}

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A number with at most {@code decimals} decimals and no trailing zeros, for short attributes. */
  static String num(double value, int decimals) {
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    if (text.indexOf('.') >= 0) {
      int end = text.length();
      while (text.charAt(end - 1) == '0') {
        end--;
      }
      if (text.charAt(end - 1) == '.') {
        end--;
      }
      text = text.substring(0, end);
    }
    return text.equals("-0") ? "0" : text;
  }

  static String ms(double millis) {
    if (millis >= 1_000) {
      return String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }
}
