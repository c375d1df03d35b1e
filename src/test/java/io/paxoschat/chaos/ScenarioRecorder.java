package io.paxoschat.chaos;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes what a stepped simulation does as the lines a scenario file expects: every message sent
 * (local ones between the roles of a replica too), every slot executed, every drop, crash and
 * restart, and any invariant broken.
 */
final class ScenarioRecorder implements EventRecorder {

  private static final Pattern CHAT_LINE = Pattern.compile(
      "ChatLine\\[clientId=(-?\\d+), session=(-?\\d+), seq=(\\d+), text=([^\\]]*)\\]");
  private static final Pattern BATCH = Pattern.compile("Batch\\[lines=\\[([^\\]]*)\\]\\]");

  private final List<String> lines = new ArrayList<>();

  /** The lines written since the last call. */
  List<String> take() {
    List<String> taken = List.copyOf(lines);
    lines.clear();
    return taken;
  }

  /**
   * A message or command as a scenario shows it: the record's own text, chat lines shortened to
   * {@code c<client>/s<session>#<seq> "text"}.
   */
  static String describe(Object value) {
    String text = String.valueOf(value);
    Matcher line = CHAT_LINE.matcher(text);
    text = line.replaceAll(match -> Matcher.quoteReplacement("c" + match.group(1) + "/s" + match.group(2)
        + "#" + match.group(3) + " \"" + match.group(4) + "\""));
    return BATCH.matcher(text).replaceAll(match -> Matcher.quoteReplacement("Batch[" + match.group(1) + "]"));
  }

  @Override
  public boolean on() {
    return true;
  }

  @Override
  public void header(Map<String, Object> fields) {}

  @Override
  public void sent(Address from, Address to, Message message) {
    lines.add(from + " -> " + to + ": " + describe(message));
  }

  @Override
  public void received(Address from, Address to, Message message) {}

  @Override
  public void dropped(Address from, Address to, Object message, DropCause cause) {
    lines.add("dropped " + from + " -> " + to + ": " + describe(message));
  }

  @Override
  public void executed(int replica, long slot, Command command) {
    lines.add("replica-" + replica + " executes slot " + slot + ": " + describe(command));
  }

  @Override
  public void fsynced(int replica, String file, long nanos) {}

  @Override
  public void crashed(int replica, String cause) {
    lines.add("replica-" + replica + " crashes");
  }

  @Override
  public void restarted(int replica, long slotsOnDisk) {
    lines.add("replica-" + replica + " restarts with " + slotsOnDisk + " slots in its chat log");
  }

  @Override
  public void note(String lane, String text) {
    lines.add("** " + text);
  }

  @Override
  public void violation(String invariant, String detail) {
    lines.add("VIOLATION " + invariant + ": " + detail);
  }

  @Override
  public void close(Map<String, Object> fields) {}
}
