package io.paxoschat.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event record of one node process ({@code bin/replica}, {@code bin/client}). */
public final class ProcessRecords {

  /** How often a process writes its record, so that a killed one leaves all but the last moments. */
  public static final Duration FLUSH_EVERY = Duration.ofMillis(500);

  private ProcessRecords() {}

  /** {@link EventRecorder#OFF} without a file; else a recorder appending to {@code file}, its header written. */
  public static EventRecorder open(Path file, String node, Map<String, Object> header) {
    if (file == null) {
      return EventRecorder.OFF;
    }
    EventRecorder recorder = JsonLinesRecorder.openFlushing(file, EventClock.wall(), Sampling.DEFAULT, FLUSH_EVERY);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("mode", "processes (one JVM per node)");
    fields.put("node", node);
    fields.putAll(header);
    recorder.header(fields);
    return recorder;
  }

  /** The record a node of a cluster leaves in its log directory, where {@code bin/cluster report} looks. */
  public static Path fileIn(Path logs, String node) {
    return logs.resolve("events-" + node + ".jsonl");
  }
}
