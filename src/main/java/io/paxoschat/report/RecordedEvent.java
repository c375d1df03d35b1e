package io.paxoschat.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of an event record, as the report reads it back. Times are microseconds, as written
 * (virtual or since the epoch); the report shifts them to the start of the run.
 *
 * @param node the lane the event belongs to ({@code r0}, {@code c1}), or null for the whole run
 * @param slot the slot, or for an acknowledgement the line's seq; -1 if none
 * @param view the view or ballot round; -1 if none
 * @param number a kind's number (fsync microseconds, commit latency, slots on disk); MIN_VALUE if none
 * @param raw the whole line, for the fields only some kinds have
 */
record RecordedEvent(long t, String kind, String node, String from, String to, String type, long slot, long view,
    String key, String detail, long number, JsonNode raw) {

  static RecordedEvent of(JsonNode line) {
    return new RecordedEvent(
        line.path("t").asLong(),
        line.path("k").asText(),
        text(line, "n"),
        text(line, "f"),
        text(line, "to"),
        text(line, "m"),
        line.has("s") ? line.get("s").asLong() : -1,
        line.has("v") ? line.get("v").asLong() : -1,
        text(line, "key"),
        text(line, "d"),
        line.has("x") ? line.get("x").asLong() : Long.MIN_VALUE,
        line);
  }

  private static String text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
