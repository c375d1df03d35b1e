package io.paxoschat.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The event records of one run read back: from one file (a simulation, a chaos seed) or one
 * per process (a cluster), merged in time order.
 */
final class RunRecord {

  final List<JsonNode> headers = new ArrayList<>();
  final List<JsonNode> ends = new ArrayList<>();
  final List<RecordedEvent> events = new ArrayList<>();
  /** Lines that were not JSON: a process killed in the middle of a write leaves one. */
  int unreadable;

  static RunRecord read(List<Path> files) {
    ObjectMapper json = new ObjectMapper();
    RunRecord record = new RunRecord();
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode node;
          try {
            node = json.readTree(line);
          } catch (IOException e) {
            record.unreadable++;
            continue;
          }
          String kind = node.path("k").asText();
          if (kind.equals("run")) {
            record.headers.add(node);
          } else if (kind.equals("end")) {
            record.ends.add(node);
          } else {
            record.events.add(RecordedEvent.of(node));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": " + e.getMessage(), e);
      }
    }
    record.events.sort(Comparator.comparingLong(RecordedEvent::t));
    return record;
  }

  /** The first header's text field {@code name}, or null. */
  String header(String name) {
    for (JsonNode header : headers) {
      JsonNode value = header.get(name);
      if (value != null && !value.isNull()) {
        return value.asText();
      }
    }
    return null;
  }

  /** The first end line's field {@code name}, or null. */
  JsonNode end(String name) {
    for (JsonNode end : ends) {
      JsonNode value = end.get(name);
      if (value != null && !value.isNull()) {
        return value;
      }
    }
    return null;
  }

  /** Field {@code name} of the end lines, added up over every process. */
  long endSum(String object, String name) {
    long sum = 0;
    for (JsonNode end : ends) {
      sum += end.path(object).path(name).asLong(0);
    }
    return sum;
  }

  boolean virtualTime() {
    return "virtual".equals(header("clock"));
  }
}
