package io.paxoschat.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the page draws, worked out from a run's events: lanes, the messages as arrows (a send
 * paired with its receipt or its drop), each replica's views, crashes and restarts, execution
 * progress, commit latency per window, and the periods of faults.
 */
final class RunModel {

  /** A message: sent at {@code t1} on lane {@code from}, received (or dropped) at {@code t2} on lane {@code to}. */
  record Arrow(long t1, long t2, String from, String to, String type, long slot, String outcome) {
    boolean delivered() {
      return outcome == null;
    }

    /** Dropped by a fault, as opposed to never received. */
    boolean dropped() {
      return outcome != null && !outcome.equals(NO_RECEIPT);
    }
  }

  /** A replica follows view {@code view} from {@code t1} to {@code t2}, leading it or not. */
  record ViewSpan(String lane, long t1, long t2, long view, boolean leading) {}

  /** A time span with a label: a replica down, a partition, the chaos fault phase. */
  record Period(String lane, long t1, long t2, String label) {}

  /** Something at one instant on one lane (or on all, when {@code lane} is null). */
  record Mark(long t, String lane, String kind, String label, long slot) {}

  /** One latency window: {@code count} lines acknowledged, with these quantiles in microseconds. */
  record LatencyWindow(long t, long count, long p50, long p99, long max) {}

  static final String NO_RECEIPT = "no receipt";

  final long start;
  final long end;
  final List<String> lanes;
  final List<Arrow> arrows = new ArrayList<>();
  final List<ViewSpan> views = new ArrayList<>();
  final List<Period> periods = new ArrayList<>();
  final List<Mark> marks = new ArrayList<>();
  final Map<String, List<long[]>> executed = new HashMap<>();
  final List<LatencyWindow> latency = new ArrayList<>();
  final Set<Long> noopSlots = new TreeSet<>();
  long maxView = -1;
  int viewChanges;

  RunModel(RunRecord record, int replicas, int clients) {
    List<RecordedEvent> events = record.events;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (RecordedEvent event : events) {
      first = Math.min(first, event.t());
      last = Math.max(last, event.t());
    }
    if (first == Long.MAX_VALUE) {
      first = 0;
    }
    this.start = first;
    this.end = Math.max(last, first + 1);
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < replicas; i++) {
      names.add("r" + i);
    }
    for (int i = 0; i < clients; i++) {
      names.add("c" + i);
    }
    for (RecordedEvent event : events) {
      if (event.node() != null && !event.node().equals("stranger")) {
        names.add(event.node());
      }
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(Comparator.comparing((String lane) -> lane.charAt(0) == 'c').thenComparingInt(RunModel::laneNumber));
    this.lanes = List.copyOf(sorted);
    pairMessages(events);
    followViews(events);
    collectTheRest(events);
  }

  static int laneNumber(String lane) {
    try {
      return Integer.parseInt(lane.substring(1));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }

  /**
   * A receipt or drop belongs to the earliest unpaired send to the same lane with the same key:
   * the sender is not always known at the receiver, the key (type, ballot, slot...) is.
   */
  private void pairMessages(List<RecordedEvent> events) {
    Map<String, ArrayDeque<RecordedEvent>> inFlight = new HashMap<>();
    for (RecordedEvent event : events) {
      switch (event.kind()) {
        case "send" -> inFlight.computeIfAbsent(event.to() + "|" + event.key(), k -> new ArrayDeque<>()).add(event);
        case "recv", "drop" -> {
          ArrayDeque<RecordedEvent> sends = inFlight.get(event.to() + "|" + event.key());
          RecordedEvent send = sends == null ? null : sends.poll();
          String outcome = event.kind().equals("drop") ? event.detail() : null;
          if (send != null) {
            arrows.add(new Arrow(send.t(), event.t(), send.node(), event.to(), event.type(), event.slot(), outcome));
          } else if (outcome != null) {
            // Dropped between the roles of one replica, or its send was not kept: a mark only.
            marks.add(new Mark(event.t(), event.to(), "drop", event.type() + " dropped (" + outcome + ")", event.slot()));
          }
        }
        default -> {
        }
      }
    }
    for (ArrayDeque<RecordedEvent> sends : inFlight.values()) {
      for (RecordedEvent send : sends) {
        arrows.add(new Arrow(send.t(), -1, send.node(), send.to(), send.type(), send.slot(), NO_RECEIPT));
      }
    }
    arrows.sort(Comparator.comparingLong(Arrow::t1));
  }

  private void followViews(List<RecordedEvent> events) {
    Map<String, RecordedEvent> current = new HashMap<>();
    Map<String, Long> currentSince = new HashMap<>();
    for (RecordedEvent event : events) {
      if (!event.kind().equals("view") && !event.kind().equals("crash") && !event.kind().equals("restart")) {
        continue;
      }
      String lane = event.node();
      RecordedEvent before = current.get(lane);
      if (before != null && before.kind().equals("view")) {
        views.add(new ViewSpan(lane, currentSince.get(lane), event.t(), before.view(), "leader".equals(before.type())));
      }
      if (event.kind().equals("view")) {
        if (event.view() > maxView) {
          maxView = event.view();
        }
        if (before != null && before.kind().equals("view") && event.view() == before.view()
            && !"leader".equals(event.type())) {
          current.put(lane, before); // the same view again (a restart's first message): no new span
          currentSince.put(lane, event.t());
          continue;
        }
        marks.add(new Mark(event.t(), lane, "view", "view " + event.view() + " (" + event.type() + "): "
            + event.detail(), -1));
        current.put(lane, event);
        currentSince.put(lane, event.t());
      } else if (event.kind().equals("restart") && before != null) {
        // The restarted replica follows the view its acceptor promised until it hears otherwise.
        RecordedEvent resumed = new RecordedEvent(event.t(), "view", lane, null, null, "follower", -1,
            lastView(lane, before), null, "restart", Long.MIN_VALUE, null);
        current.put(lane, resumed);
        currentSince.put(lane, event.t());
      } else {
        current.put(lane, event);
        currentSince.put(lane, event.t());
      }
    }
    for (var entry : current.entrySet()) {
      if (entry.getValue().kind().equals("view")) {
        views.add(new ViewSpan(entry.getKey(), currentSince.get(entry.getKey()), end, entry.getValue().view(),
            "leader".equals(entry.getValue().type())));
      }
    }
    viewChanges = (int) Math.max(0, maxView);
  }

  private long lastView(String lane, RecordedEvent before) {
    long view = before.view();
    for (int i = views.size() - 1; i >= 0 && view < 0; i--) {
      if (views.get(i).lane().equals(lane)) {
        view = views.get(i).view();
      }
    }
    return Math.max(view, 0);
  }

  private void collectTheRest(List<RecordedEvent> events) {
    Map<String, Long> downSince = new HashMap<>();
    long partitionSince = -1;
    for (RecordedEvent event : events) {
      switch (event.kind()) {
        case "crash" -> {
          marks.add(new Mark(event.t(), event.node(), "crash", event.node() + " crashes: " + event.detail(), -1));
          downSince.putIfAbsent(event.node(), event.t());
        }
        case "restart" -> {
          marks.add(new Mark(event.t(), event.node(), "restart",
              event.node() + " restarts with " + event.number() + " slots on disk", -1));
          Long since = downSince.remove(event.node());
          if (since != null) {
            periods.add(new Period(event.node(), since, event.t(), event.node() + " down"));
          }
        }
        case "exec" -> {
          executed.computeIfAbsent(event.node(), k -> new ArrayList<>()).add(new long[] {event.t(), event.slot()});
          if ("NOOP".equals(event.detail())) {
            noopSlots.add(event.slot());
            marks.add(new Mark(event.t(), event.node(), "noop", event.node() + " executes NOOP at slot " + event.slot(),
                event.slot()));
          }
        }
        case "acks" -> latency.add(new LatencyWindow(event.t(), event.raw().path("lines").asLong(),
            event.raw().path("p50").asLong(), event.raw().path("p99").asLong(), event.raw().path("max").asLong()));
        case "note" -> {
          String text = event.detail();
          marks.add(new Mark(event.t(), event.node(), "note", text, -1));
          if (text.startsWith("partition") || text.startsWith("one-way partition")) {
            if (partitionSince < 0) {
              partitionSince = event.t();
            }
          } else if (text.equals("partitions heal") && partitionSince >= 0) {
            periods.add(new Period(null, partitionSince, event.t(), "partition"));
            partitionSince = -1;
          } else if (text.equals("faults stop")) {
            periods.add(new Period(null, start, event.t(), "fault phase"));
          }
        }
        case "violation" -> marks.add(new Mark(event.t(), null, "violation",
            "VIOLATION " + event.type() + ": " + event.detail(), -1));
        case "catchup" -> marks.add(new Mark(event.t(), event.node(), "catchup",
            event.node() + " catches up " + event.detail() + " from slot " + event.slot(), event.slot()));
        default -> {
        }
      }
    }
    for (var entry : downSince.entrySet()) {
      periods.add(new Period(entry.getKey(), entry.getValue(), end, entry.getKey() + " down"));
    }
    if (partitionSince >= 0) {
      periods.add(new Period(null, partitionSince, end, "partition"));
    }
  }

  long crashes() {
    return marks.stream().filter(m -> m.kind().equals("crash")).count();
  }
}
