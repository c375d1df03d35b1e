package io.paxoschat.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the gateway sends a chat tab, one JSON object a frame, told apart by {@code type}. */
final class TabEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TabEvents() {}

  /** The tab chats as {@code clientId}; its lines up to {@code acknowledged} are executed. */
  static String welcome(int clientId, String name, long acknowledged, LineRules rules, int linesPerSecond) {
    return JSON.createObjectNode().put("type", "welcome").put("clientId", clientId).put("name", name)
        .put("acknowledged", acknowledged).put("maxLineBytes", rules.maxLineBytes())
        .put("maxNameChars", rules.maxNameChars()).put("linesPerSecond", linesPerSecond).toString();
  }

  /** Committed lines, in slot order. */
  static String chat(List<ShownLine> entries) {
    ObjectNode event = JSON.createObjectNode().put("type", "chat");
    lines(event.putArray("lines"), entries);
    return event.toString();
  }

  /** Older lines for a scrolled-up page: those of slots {@code from} up to the {@code before} it asked for. */
  static String history(long from, long before, List<ShownLine> entries) {
    ObjectNode event = JSON.createObjectNode().put("type", "history").put("from", from).put("before", before);
    lines(event.putArray("lines"), entries);
    return event.toString();
  }

  static String numbered(long ref, long seq) {
    return JSON.createObjectNode().put("type", "numbered").put("ref", ref).put("seq", seq).toString();
  }

  static String acknowledged(long upTo) {
    return JSON.createObjectNode().put("type", "acked").put("upTo", upTo).toString();
  }

  /** A request refused; {@code ref} is the line's handle, or -1 when it was not a line. */
  static String refused(long ref, String reason) {
    return JSON.createObjectNode().put("type", "refused").put("ref", ref).put("reason", reason).toString();
  }

  /** The tab's hello waits: the id it names is held by another tab, which may be going. */
  static String waiting(String reason) {
    return JSON.createObjectNode().put("type", "waiting").put("reason", reason).toString();
  }

  /** The tab cannot go on (no free client id, its id in use by another tab). */
  static String closed(String reason, boolean forgetId) {
    return JSON.createObjectNode().put("type", "closed").put("reason", reason).put("forgetId", forgetId).toString();
  }

  /** Whether the gateway reaches a majority of the replicas, and who leads. */
  static String cluster(boolean majority, int replicasUp, int replicas, long view, int leader) {
    return JSON.createObjectNode().put("type", "cluster").put("majority", majority).put("up", replicasUp)
        .put("replicas", replicas).put("view", view).put("leader", leader).toString();
  }

  private static void lines(ArrayNode out, List<ShownLine> lines) {
    for (ShownLine line : lines) {
      out.addObject().put("slot", line.slot()).put("clientId", line.clientId()).put("seq", line.seq())
          .put("name", line.name()).put("text", line.text());
    }
  }
}
