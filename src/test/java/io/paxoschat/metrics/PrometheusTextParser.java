package io.paxoschat.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), so that tests check what a
 * Prometheus server would accept rather than what our own writer happens to emit: metric and
 * label names by the format's grammar, escapes in label values, one TYPE per family before its
 * samples, every family's samples together, no sample twice, counters never negative, and
 * histogram buckets cumulative up to {@code le="+Inf"}, which equals {@code _count}. Anything
 * else is an {@link IllegalArgumentException} naming the line.
 */
final class PrometheusTextParser {

  /** One sample: its metric name (with any _bucket/_sum/_count/_total suffix), labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** One metric family: its TYPE, HELP and samples in the order given. */
  record Family(String name, String type, String help, List<Sample> samples) {}

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final Pattern HELP_OR_TYPE = Pattern.compile("# (HELP|TYPE) (\\S+)(?: (.*))?");

  private PrometheusTextParser() {}

  static Map<String, Family> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the text does not end with a line feed");
    }
    Map<String, Family> families = new LinkedHashMap<>();
    Set<String> closed = new java.util.HashSet<>();
    Set<String> seen = new java.util.HashSet<>();
    String current = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String at = "line " + (i + 1) + " '" + line + "': ";
      if (line.isEmpty()) {
        throw new IllegalArgumentException(at + "empty line");
      }
      if (line.startsWith("#")) {
        Matcher m = HELP_OR_TYPE.matcher(line);
        if (!m.matches()) {
          continue; // a plain comment
        }
        String name = m.group(2);
        requireName(at, name);
        String rest = m.group(3) == null ? "" : m.group(3);
        Family family = families.get(name);
        if (m.group(1).equals("TYPE")) {
          if (!TYPES.contains(rest)) {
            throw new IllegalArgumentException(at + "unknown type '" + rest + "'");
          }
          if (family != null && family.type() != null) {
            throw new IllegalArgumentException(at + "a second TYPE for " + name);
          }
          if (family != null && !family.samples().isEmpty()) {
            throw new IllegalArgumentException(at + "TYPE after samples of " + name);
          }
          family = new Family(name, rest, family == null ? null : family.help(), new ArrayList<>());
        } else {
          if (family != null && family.help() != null) {
            throw new IllegalArgumentException(at + "a second HELP for " + name);
          }
          family = new Family(name, family == null ? null : family.type(), unescapeHelp(at, rest),
              family == null ? new ArrayList<>() : family.samples());
        }
        if (closed.contains(name)) {
          throw new IllegalArgumentException(at + name + " is described again after other families");
        }
        families.put(name, family);
        if (current != null && !current.equals(name)) {
          closed.add(current);
        }
        current = name;
        continue;
      }
      Sample sample = sample(at, line);
      String familyName = familyOf(sample.name(), families);
      if (!familyName.equals(current)) {
        if (current != null) {
          closed.add(current);
        }
        if (closed.contains(familyName)) {
          throw new IllegalArgumentException(at + "samples of " + familyName + " are not together");
        }
        current = familyName;
      }
      Family family = families.computeIfAbsent(familyName, n -> new Family(n, "untyped", null, new ArrayList<>()));
      if (family.type() == null) {
        throw new IllegalArgumentException(at + "HELP but no TYPE before the samples of " + familyName);
      }
      if (!seen.add(sample.name() + new TreeMap<>(sample.labels()))) {
        throw new IllegalArgumentException(at + "the same sample twice");
      }
      if (family.type().equals("counter") && !(sample.value() >= 0)) {
        throw new IllegalArgumentException(at + "a counter below zero");
      }
      family.samples().add(sample);
    }
    families.values().stream().filter(f -> "histogram".equals(f.type())).forEach(PrometheusTextParser::checkHistogram);
    return families;
  }

  /** The family a sample belongs to: its own name, or the name without a suffix its type allows. */
  private static String familyOf(String sample, Map<String, Family> families) {
    for (String suffix : List.of("_bucket", "_sum", "_count", "_total", "_created")) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        Family family = families.get(base);
        if (family != null && !families.containsKey(sample)) {
          boolean fits = switch (family.type() == null ? "" : family.type()) {
            case "histogram" -> !suffix.equals("_total");
            case "summary" -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
            case "counter" -> suffix.equals("_total") || suffix.equals("_created");
            default -> false;
          };
          if (fits) {
            return base;
          }
        }
      }
    }
    return sample;
  }

  private static void checkHistogram(Family family) {
    Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
    for (Sample s : family.samples()) {
      Map<String, String> series = new TreeMap<>(s.labels());
      if (s.name().endsWith("_bucket")) {
        if (series.remove("le") == null) {
          throw new IllegalArgumentException(family.name() + ": a bucket without le: " + s);
        }
        buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
      } else if (s.name().endsWith("_count")) {
        counts.put(series, s.value());
      }
    }
    if (!buckets.keySet().equals(counts.keySet())) {
      throw new IllegalArgumentException(family.name() + ": buckets and _count name different series");
    }
    buckets.forEach((series, list) -> {
      double previousBound = Double.NEGATIVE_INFINITY;
      double previousCount = 0;
      for (Sample bucket : list) {
        double bound = parseValue(family.name() + ": le of " + bucket, bucket.labels().get("le"));
        if (!(bound > previousBound) || bucket.value() < previousCount) {
          throw new IllegalArgumentException(family.name() + ": buckets not cumulative in rising le: " + series);
        }
        previousBound = bound;
        previousCount = bucket.value();
      }
      if (previousBound != Double.POSITIVE_INFINITY || previousCount != counts.get(series)) {
        throw new IllegalArgumentException(family.name() + ": the +Inf bucket is missing or differs from _count: "
            + series);
      }
    });
  }

  private static Sample sample(String at, String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(at, name);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new IllegalArgumentException(at + "a label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new IllegalArgumentException(at + "bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException(at + "label value not quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = j + 1 < line.length() ? line.charAt(++j) : 0;
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException(at + "bad escape in a label value");
            }
          } else {
            value.append(c);
          }
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException(at + "unterminated label value");
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException(at + "label " + label + " twice");
        }
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw new IllegalArgumentException(at + "expected ',' or '}' after a label");
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException(at + "no value");
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length > 2) {
      throw new IllegalArgumentException(at + "more than a value and a timestamp");
    }
    if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
      throw new IllegalArgumentException(at + "bad timestamp '" + rest[1] + "'");
    }
    return new Sample(name, labels, parseValue(at, rest[0]));
  }

  private static double parseValue(String at, String text) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
          throw new IllegalArgumentException(at + "bad value '" + text + "'");
        }
        return Double.parseDouble(text);
    }
  }

  private static void requireName(String at, String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(at + "bad metric name '" + name + "'");
    }
  }

  private static String unescapeHelp(String at, String help) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      if (c == '\\') {
        char next = i + 1 < help.length() ? help.charAt(++i) : 0;
        switch (next) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          default -> throw new IllegalArgumentException(at + "bad escape in HELP");
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The value of the one sample of {@code name} with these labels (pairs), or NaN if there is none. */
  static double value(Map<String, Family> families, String name, String... labelPairs) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      wanted.put(labelPairs[i], labelPairs[i + 1]);
    }
    return families.values().stream()
        .flatMap(f -> f.samples().stream())
        .filter(s -> s.name().equals(name) && new TreeMap<>(s.labels()).equals(wanted))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElse(Double.NaN);
  }
}
