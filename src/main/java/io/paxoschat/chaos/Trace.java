package io.paxoschat.chaos;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened in a run, kept two ways: a running 64-bit hash over every event (two runs of
 * one seed must end with the same hash) and the last few events in full, for a report.
 * Entries are formatted only when someone asks for the tail, so tracing stays cheap.
 */
final class Trace {

  private record Entry(long time, Address from, Address to, Object what, String note) {
    String format() {
      String route = from == null ? "" : from + " -> " + to + " ";
      return String.format("%8d ms  %s%s%s", time, route, what, note.isEmpty() ? "" : " " + note);
    }
  }

  /** An execution as the tail shows it; its text is built only if the tail is asked for. */
  private record Executed(int replica, long slot, Command command) {
    @Override
    public String toString() {
      return "replica-" + replica + " executes slot " + slot + ": " + command;
    }
  }

  private final Entry[] tail;
  private int written;
  private long hash = 0xC0FFEE;
  private long events;

  Trace(int tailSize) {
    this.tail = new Entry[tailSize];
  }

  void delivered(long time, Address from, Address to, Message message, String note) {
    hash = MessageHash.mix(MessageHash.mix(MessageHash.mix(MessageHash.mix(hash, time),
        MessageHash.of(from)), MessageHash.of(to)), MessageHash.of(message));
    remember(new Entry(time, from, to, message, note));
  }

  void ticked(long time, Address who) {
    hash = MessageHash.mix(MessageHash.mix(hash, time), MessageHash.of(who) + 77);
    events++; // ticks are too many to be worth keeping in the tail
  }

  void executed(long time, int replica, long slot, Command command) {
    hash = MessageHash.mix(MessageHash.mix(MessageHash.mix(MessageHash.mix(hash, time), replica),
        slot), MessageHash.of(command));
    remember(new Entry(time, null, null, new Executed(replica, slot, command), ""));
  }

  void note(long time, String text) {
    hash = MessageHash.mix(MessageHash.mix(hash, time), text.hashCode());
    remember(new Entry(time, null, null, "** " + text, ""));
  }

  private void remember(Entry entry) {
    tail[written++ % tail.length] = entry;
    events++;
  }

  long hash() {
    return hash;
  }

  long events() {
    return events;
  }

  /** The last {@code count} remembered events, oldest first. */
  List<String> tail(int count) {
    int available = Math.min(Math.min(count, tail.length), written);
    List<String> lines = new ArrayList<>(available);
    for (int i = written - available; i < written; i++) {
      lines.add(tail[i % tail.length].format());
    }
    return lines;
  }
}
