package io.paxoschat.metrics;

import io.paxoschat.metrics.PrometheusTextParser.Family;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One scrape of a registry or a /metrics page, read strictly, for tests in any package. */
public final class MetricsScrape {

  private final Map<String, Family> families;

  private MetricsScrape(Map<String, Family> families) {
    this.families = families;
  }

  /** Reads {@code text}; anything a Prometheus server would refuse is an IllegalArgumentException. */
  public static MetricsScrape parse(String text) {
    return new MetricsScrape(PrometheusTextParser.parse(text));
  }

  public static MetricsScrape of(PrometheusRegistry registry) {
    return parse(new String(PrometheusText.scrape(registry), StandardCharsets.UTF_8));
  }

  /** The value of the sample with exactly these labels (name, value pairs); NaN if there is none. */
  public double value(String sample, String... labelPairs) {
    return PrometheusTextParser.value(families, sample, labelPairs);
  }

  /** As {@link #value}, with 0 for a sample not there (a counter whose label never occurred). */
  public double valueOrZero(String sample, String... labelPairs) {
    double value = value(sample, labelPairs);
    return Double.isNaN(value) ? 0 : value;
  }

  public boolean has(String family) {
    return families.containsKey(family);
  }

  public String type(String family) {
    Family f = families.get(family);
    return f == null ? null : f.type();
  }
}
