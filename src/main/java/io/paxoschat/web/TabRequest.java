package io.paxoschat.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a chat tab sends over its WebSocket, one JSON object a frame, told apart by {@code type}.
 * A line goes in two steps so that a gateway restart can neither lose nor double it: the tab
 * {@link Say}s it, the gateway answers with its seq, the tab keeps the line under that seq
 * (sessionStorage) and then asks to {@link Send} it. A tab that reconnects names its unacknowledged
 * lines in its {@link Hello}.
 */
sealed interface TabRequest {

  /** A line kept by the tab under {@code seq} and not yet acknowledged. */
  record Pending(long seq, String text) {}

  /** First frame: who speaks; {@code clientId} null for a new tab. */
  record Hello(String name, Integer clientId, List<Pending> pending) implements TabRequest {}

  /** The person typed {@code text}; {@code ref} is the tab's handle for it until it has a seq. */
  record Say(long ref, String text) implements TabRequest {}

  /** The tab keeps line {@code seq} now: send it. */
  record Send(long seq, String text) implements TabRequest {}

  /** The chat lines of slots below {@code before}, some of them: the page was scrolled up. */
  record History(long before) implements TabRequest {}

  /** A frame that is none of the above; {@code reason} is shown on the page. */
  record Malformed(String reason) implements TabRequest {}

  ObjectMapper JSON = new ObjectMapper();

  static TabRequest parse(String frame) {
    JsonNode node;
    try {
      node = JSON.readTree(frame);
    } catch (JsonProcessingException e) {
      return new Malformed("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new Malformed("a frame is a JSON object");
    }
    String type = node.path("type").asText("");
    try {
      return switch (type) {
        case "hello" -> new Hello(text(node, "name"), node.hasNonNull("clientId") ? whole(node, "clientId") : null,
            pending(node.path("pending")));
        case "say" -> new Say(number(node, "ref"), text(node, "text"));
        case "send" -> new Send(number(node, "seq"), text(node, "text"));
        case "history" -> new History(number(node, "before"));
        default -> new Malformed("unknown frame type '" + type + "'");
      };
    } catch (IllegalArgumentException e) {
      return new Malformed(type + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number >= 0");
    }
    return value.asLong();
  }

  private static int whole(JsonNode node, String field) {
    long value = number(node, field);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'" + field + "' is out of range");
    }
    return (int) value;
  }

  private static List<Pending> pending(JsonNode list) {
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("'pending' must be a list");
    }
    List<Pending> pending = new ArrayList<>();
    for (JsonNode item : list) {
      pending.add(new Pending(number(item, "seq"), text(item, "text")));
    }
    return pending;
  }
}
