package io.paxoschat.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.paxoschat.chatlog.ConsistencyChecker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Turns the event records of one run into its HTML report. */
public final class Reports {

  private Reports() {}

  /**
   * Reads {@code eventFiles} (one per process, or one for the whole run) and writes the page to
   * {@code html}. The replicas' logs come from {@code logDir} when given, else from the record
   * itself (the chaos simulator writes its logs into its end line).
   *
   * @return the size of the page in bytes
   * @throws IllegalArgumentException if the files hold no run header (not an event record)
   */
  public static long write(List<Path> eventFiles, Path logDir, Path html) {
    RunRecord record = RunRecord.read(eventFiles);
    if (record.headers.isEmpty()) {
      throw new IllegalArgumentException(eventFiles + " holds no event record (no \"run\" line)");
    }
    int replicas = count(record, "replicas", 'r');
    int clients = count(record, "clients", 'c');
    ReplicaLogs logs = null;
    if (logDir != null) {
      logs = ReplicaLogs.fromDirectory(logDir, replicas);
    } else {
      JsonNode agreed = record.end("log");
      JsonNode replicaLogs = record.end("logs");
      if (agreed != null && replicaLogs != null) {
        logs = ReplicaLogs.fromChaos(agreed, replicaLogs);
      }
    }
    RunModel model = new RunModel(record, replicas, clients);
    String logVerdict = logDir != null ? ConsistencyChecker.check(logDir).verdictLine() : null;
    String page = new HtmlReport(record, model, logs, logVerdict).render();
    try {
      Path parent = html.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
      Files.write(html, bytes);
      return bytes.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + html + ": " + e.getMessage(), e);
    }
  }

  private static int count(RunRecord record, String field, char lanePrefix) {
    String value = record.header(field);
    if (value != null) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        // fall back to the lanes seen
      }
    }
    int most = 0;
    for (RecordedEvent event : record.events) {
      if (event.node() != null && event.node().charAt(0) == lanePrefix) {
        most = Math.max(most, RunModel.laneNumber(event.node()) + 1);
      }
    }
    return most;
  }
}
