package io.paxoschat.report;

import static io.paxoschat.report.Svg.esc;
import static io.paxoschat.report.Svg.ms;
import static io.paxoschat.report.Svg.num;

import com.fasterxml.jackson.databind.JsonNode;
import io.paxoschat.report.RunModel.Arrow;
import io.paxoschat.report.RunModel.LatencyWindow;
import io.paxoschat.report.RunModel.Mark;
import io.paxoschat.report.RunModel.Period;
import io.paxoschat.report.RunModel.ViewSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the report page: one self-contained HTML file (inline CSS, SVG and a little script, no
 * network) with the header, the space-time diagram, execution progress, commit latency and
 * throughput, and the replicas' logs.
 */
final class HtmlReport {

  /** Arrows drawn at most; past it, messages are only counted in a band per lane. */
  static final int MAX_ARROWS = 2500;
  static final int BANDS = 300;
  private static final int LEFT = 60;
  private static final int PLOT_WIDTH = 1280;
  private static final int LANE_HEIGHT = 34;
  private static final int TOP = 34;
  /** Messages that come often; drawn after every rarer one when arrows must be left out. */
  private static final Set<String> FREQUENT = Set.of("Heartbeat", "FollowerProgress", "Accept", "Accepted",
      "Decision", "Chosen", "AcceptedHere", "ClientRequest", "ClientReply", "Propose", "ReadChat", "ChatEntries");
  /** Frequent messages that say little on their own: drawn last. */
  private static final Set<String> BACKGROUND = Set.of("Heartbeat", "FollowerProgress", "ReadChat", "ChatEntries");
  private static final String[] VIEW_COLOURS = {"#dbe9f6", "#fde2c8", "#d8efd3", "#f3d5e8", "#e6def5", "#f6efc4",
      "#d2eeee", "#eadccd"};

  private final RunRecord record;
  private final RunModel model;
  private final ReplicaLogs logs;
  private final StringBuilder out = new StringBuilder(1 << 20);
  private final Map<String, Integer> laneIndex = new HashMap<>();
  private int notes;
  private final Set<Long> labelledNoops = new java.util.HashSet<>();

  private final String logVerdict;

  /** {@code logVerdict} says how the logs compare when the record has no verdict of its own (a cluster). */
  HtmlReport(RunRecord record, RunModel model, ReplicaLogs logs, String logVerdict) {
    this.logVerdict = logVerdict;
    this.record = record;
    this.model = model;
    this.logs = logs;
    for (int i = 0; i < model.lanes.size(); i++) {
      laneIndex.put(model.lanes.get(i), i);
    }
  }

  String render() {
    String title = "paxos-chat run: " + nonNull(record.header("scenario"), "unnamed");
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>").append(resource("report.css")).append("</style>\n")
        // First of all, so that even a script that does not parse leaves its error on the page.
        .append("<script>window.addEventListener('error', function (e) {"
            + " var box = document.getElementById('script-errors');"
            + " if (box) { box.textContent += 'script error: ' + e.message + ' '; } });</script>\n")
        .append("</head>\n<body>\n");
    out.append("<h1>").append(esc(title)).append("</h1>\n");
    violations();
    header();
    diagram();
    executedChart();
    latencyChart();
    logTable();
    out.append("<div id=\"script-errors\"></div>\n<script>\n").append(resource("report.js")).append("</script>\n");
    out.append("</body></html>\n");
    return out.toString();
  }

  // ---- header -----------------------------------------------------------------------------

  private void violations() {
    List<Mark> found = model.marks.stream().filter(m -> m.kind().equals("violation")).toList();
    for (Mark violation : found) {
      out.append("<div class=\"violation\" id=\"violation\"><b>").append(esc(violation.label()))
          .append("</b> at ").append(ms(millis(violation.t()))).append(" (marked in the diagram)");
      String replay = record.header("replay");
      if (replay != null) {
        out.append("<br>replay: <code>").append(esc(replay)).append("</code>");
      }
      out.append("</div>\n");
    }
  }

  private void header() {
    out.append("<table class=\"header\" id=\"summary\">\n");
    row("scenario", esc(record.header("scenario")));
    row("mode", esc(nonNull(record.header("mode"), "?")) + (record.virtualTime() ? " (virtual time)" : " (wall time)"));
    row("config", esc(record.header("config")));
    row("seed", esc(record.header("seed")));
    row("faults", esc(nonNull(record.header("faults"), "none")));
    String verdict = endText("verdict");
    if (verdict == null) {
      verdict = logVerdict;
    }
    boolean good = verdict != null
        && !verdict.matches("(?s).*(DIVERGENT|VIOLATION|DIFFER|INCOMPLETE|INCONSISTENT|FAILED).*");
    row("verdict", "<b class=\"" + (good ? "ok" : "bad") + "\">" + esc(nonNull(verdict, "?")) + "</b>");
    String lines = endText("lines") != null
        ? nonNull(endText("acknowledged"), "?") + " / " + endText("lines") + " acknowledged"
        : record.endSum("counts", "ack") + " acknowledged (as the clients counted them)";
    row("lines", esc(lines));
    long slots = logs != null ? logs.longest() : longEnd("slots");
    long noops = logs != null ? logs.noops() : longEnd("noops");
    row("slots", slots + " (" + noops + " NOOP)");
    row("NOOPs", String.valueOf(noops));
    row("view changes", model.viewChanges + " (highest view " + Math.max(0, model.maxView) + ")");
    long drops = 0;
    StringBuilder byCause = new StringBuilder();
    for (String cause : List.of("loss", "cut", "stranger")) {
      long n = record.endSum("drops", cause);
      drops += n;
      if (n > 0) {
        byCause.append(byCause.length() == 0 ? "" : ", ").append(n).append(' ').append(cause);
      }
    }
    row("drops", drops + (byCause.length() > 0 ? " (" + byCause + ")" : ""));
    row("crashes", model.crashes() + "");
    row("duration", ms(millis(model.end)));
    if (logs != null) {
      StringBuilder md5 = new StringBuilder();
      for (ReplicaLogs.Log log : logs.logs) {
        md5.append("replica-").append(log.replica()).append(" <code>").append(esc(log.md5())).append("</code> ")
            .append(log.lines()).append(" lines").append(log.state().isEmpty() ? "" : " (" + esc(log.state()) + ")")
            .append("<br>");
      }
      row("md5", md5.toString());
    }
    JsonNode hash = record.end("trace_hash");
    if (hash != null) {
      row("trace hash", "<code>" + esc(hash.asText()) + "</code>");
    }
    long sampled = 0;
    for (JsonNode end : record.ends) {
      sampled += end.path("sampled_out").asLong(0) + end.path("over_budget").asLong(0);
    }
    row("record", record.events.size() + " events kept" + (sampled > 0 ? ", " + sampled
        + " more counted but not kept (frequent messages past the first slots are sampled)" : "")
        + (record.unreadable > 0 ? ", " + record.unreadable + " unreadable lines skipped" : ""));
    out.append("</table>\n");
  }

  private void row(String label, String html) {
    out.append("<tr><th>").append(esc(label)).append("</th><td>").append(html == null ? "" : html)
        .append("</td></tr>\n");
  }

  // ---- the space-time diagram -------------------------------------------------------------

  private void diagram() {
    int height = TOP + model.lanes.size() * LANE_HEIGHT + 30;
    List<Arrow> drawn = chooseArrows();
    out.append("<h2>Space-time diagram</h2>\n<div class=\"controls\">")
        .append("<button id=\"zoom-in\">zoom in</button><button id=\"zoom-out\">zoom out</button>")
        .append("<button id=\"zoom-reset\">whole run</button> <label>slot <input id=\"slot\" size=\"6\"></label>")
        .append(" <span id=\"slot-info\"></span><span class=\"hint\"> wheel: zoom, drag: pan,"
            + " click an arrow or mark: highlight its slot's Accept/Accepted/Decision</span></div>\n");
    out.append("<p class=\"note\" id=\"arrow-note\">").append(drawn.size()).append(" of ").append(model.arrows.size())
        .append(" recorded messages drawn as arrows");
    if (drawn.size() < model.arrows.size()) {
      out.append(" (past what can be read: every view-change message and drop first, then the messages that"
          + " order lines, then heartbeats; a kind that does not fit, evenly over the run);"
          + " the grey band under each lane counts every recorded message it sent, per 1/" + BANDS + " of the run");
    }
    out.append(". Lane background: the view a replica follows (darker edge: it leads);"
        + " red hatch: down; red dashed arrow with a cross: dropped (by loss, a partition, or as from a"
        + " stranger); grey: sent but never received (its receiver was down, or the run ended).</p>\n");
    legend();
    out.append("<svg id=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LEFT + PLOT_WIDTH + 10)
        .append("\" height=\"").append(height).append("\" data-left=\"").append(LEFT).append("\" data-width=\"")
        .append(PLOT_WIDTH).append("\" data-end=\"").append(num(millis(model.end), 3)).append("\">\n");
    out.append("<defs><clipPath id=\"plot\"><rect x=\"").append(LEFT).append("\" y=\"0\" width=\"").append(PLOT_WIDTH)
        .append("\" height=\"").append(height).append("\"/></clipPath>")
        .append("<marker id=\"head\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" markerHeight=\"6\""
            + " orient=\"auto\"><path d=\"M0,0L6,3L0,6z\" fill=\"context-stroke\"/></marker>")
        // Where a dropped message was lost: the end of its broken arrow.
        .append("<marker id=\"cross\" viewBox=\"-5 -5 10 10\" refX=\"0\" refY=\"0\" markerWidth=\"10\""
            + " markerHeight=\"10\" markerUnits=\"userSpaceOnUse\"><path d=\"M-4,-4L4,4M-4,4L4,-4\""
            + " stroke=\"context-stroke\" stroke-width=\"2\"/></marker>")
        .append("<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
            + " patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d33\""
            + " stroke-width=\"2\"/></pattern></defs>\n");
    for (int i = 0; i < model.lanes.size(); i++) {
      String lane = model.lanes.get(i);
      int y = TOP + i * LANE_HEIGHT;
      out.append("<text class=\"lane-label\" x=\"4\" y=\"").append(y + LANE_HEIGHT / 2 + 4).append("\">")
          .append(laneName(lane)).append("</text>");
      out.append("<rect class=\"lane\" data-lane=\"").append(lane).append("\" x=\"").append(LEFT).append("\" y=\"")
          .append(y + 2).append("\" width=\"").append(PLOT_WIDTH).append("\" height=\"").append(LANE_HEIGHT - 4)
          .append("\"/>\n");
    }
    out.append("<g clip-path=\"url(#plot)\">\n");
    for (ViewSpan span : model.views) {
      Integer lane = laneIndex.get(span.lane());
      if (lane == null) {
        continue;
      }
      int y = TOP + lane * LANE_HEIGHT + 2;
      out.append("<rect class=\"view").append(span.leading() ? " leading" : "").append("\" fill=\"")
          .append(VIEW_COLOURS[(int) (span.view() % VIEW_COLOURS.length)]).append("\" y=\"").append(y)
          .append("\" height=\"").append(LANE_HEIGHT - 4).append('"').append(span(span.t1(), span.t2()))
          .append("><title>").append(span.lane()).append(" follows view ").append(span.view())
          .append(span.leading() ? " as its leader" : "").append("</title></rect>");
      out.append("<text class=\"view-label at\" data-y=\"").append(y + 10).append("\" data-t=\"")
          .append(num(millis(span.t1()), 3)).append("\">v").append(span.view()).append(span.leading() ? " lead" : "")
          .append("</text>\n");
    }
    for (Period period : model.periods) {
      Integer lane = period.lane() == null ? null : laneIndex.get(period.lane());
      int y = lane == null ? TOP : TOP + lane * LANE_HEIGHT + 2;
      int h = lane == null ? model.lanes.size() * LANE_HEIGHT : LANE_HEIGHT - 4;
      out.append("<rect class=\"").append(lane == null ? "fault-period" : "down").append("\" y=\"").append(y)
          .append("\" height=\"").append(h).append('"').append(span(period.t1(), period.t2())).append("><title>")
          .append(esc(period.label())).append("</title></rect>\n");
    }
    bands(drawn);
    for (Arrow arrow : drawn) {
      arrow(arrow);
    }
    for (Mark mark : model.marks) {
      mark(mark, height);
    }
    out.append("</g>\n<g id=\"axis\" data-y=\"").append(height - 22).append("\"></g>\n</svg>\n");
  }

  private void legend() {
    out.append("<div class=\"legend\">");
    String[][] entries = {{"Prepare", "Prepare/Promise"}, {"ViewChangeVote", "vote/Rejected"}, {"Accept", "Accept"},
        {"Accepted", "Accepted"}, {"Decision", "Decision/Chosen"}, {"ClientRequest", "request/Propose"},
        {"ClientReply", "reply"}, {"Heartbeat", "Heartbeat/progress"}, {"CatchUpRequest", "catch-up"},
        {"dropped", "dropped"}, {"lost", "never received"}};
    for (String[] entry : entries) {
      out.append("<span class=\"key ").append(entry[0]).append("\"></span>").append(entry[1]).append(' ');
    }
    out.append("<span class=\"key-mark crash-key\">\u2715</span>crash <span class=\"key-mark restart-key\">\u25B2</span>"
        + "restart <span class=\"key-mark noop-key\">\u25C6</span>NOOP executed</div>\n");
  }

  private String laneName(String lane) {
    return (lane.charAt(0) == 'r' ? "replica " : "client ") + esc(lane.substring(1));
  }

  /**
   * Every arrow while they fit; past that, by priority and then time: view-change traffic and
   * drops, then the messages that order lines, then heartbeats and messages never received.
   */
  private List<Arrow> chooseArrows() {
    List<Arrow> all = model.arrows;
    if (all.size() <= MAX_ARROWS) {
      return all;
    }
    List<Arrow> chosen = new ArrayList<>();
    for (int tier = 0; tier < 3 && chosen.size() < MAX_ARROWS; tier++) {
      List<Arrow> inTier = new ArrayList<>();
      for (Arrow arrow : all) {
        if (tier(arrow) == tier) {
          inTier.add(arrow);
        }
      }
      // A tier that does not fit is drawn evenly over the run: one of every few.
      double step = Math.max(1.0, (double) inTier.size() / (MAX_ARROWS - chosen.size()));
      for (double i = 0; i < inTier.size() && chosen.size() < MAX_ARROWS; i += step) {
        chosen.add(inTier.get((int) i));
      }
    }
    chosen.sort(Comparator.comparingLong(Arrow::t1));
    return chosen;
  }

  private static int tier(Arrow arrow) {
    if (arrow.dropped() || !FREQUENT.contains(arrow.type()) && arrow.delivered()) {
      return 0;
    }
    return arrow.delivered() && !BACKGROUND.contains(arrow.type()) ? 1 : 2;
  }

  /** When arrows had to be left out: every recorded message counted per lane and time band. */
  private void bands(List<Arrow> drawn) {
    if (drawn.size() == model.arrows.size()) {
      return;
    }
    double width = (double) (model.end - model.start) / BANDS;
    int[][] counts = new int[model.lanes.size()][BANDS];
    int most = 1;
    for (Arrow arrow : model.arrows) {
      Integer lane = laneIndex.get(arrow.from());
      if (lane == null) {
        continue;
      }
      int band = (int) Math.min(BANDS - 1, (arrow.t1() - model.start) / width);
      most = Math.max(most, ++counts[lane][band]);
    }
    for (int lane = 0; lane < counts.length; lane++) {
      int y = TOP + lane * LANE_HEIGHT + LANE_HEIGHT - 8;
      for (int band = 0; band < BANDS; band++) {
        if (counts[lane][band] == 0) {
          continue;
        }
        long t1 = model.start + (long) (band * width);
        long t2 = model.start + (long) ((band + 1) * width);
        out.append("<rect class=\"band\" y=\"").append(y).append("\" height=\"5\" fill-opacity=\"")
            .append(num(0.15 + 0.85 * counts[lane][band] / most, 2)).append('"').append(span(t1, t2))
            .append("><title>").append(counts[lane][band]).append(" messages sent</title></rect>");
      }
      out.append('\n');
    }
  }

  private void arrow(Arrow arrow) {
    Integer from = laneIndex.get(arrow.from());
    Integer to = laneIndex.get(arrow.to());
    if (from == null || to == null || from.equals(to)) {
      return;
    }
    long t2 = arrow.t2() >= 0 ? arrow.t2() : arrow.t1() + Math.max(1, (model.end - model.start) / 400);
    int y1 = laneY(from);
    int y2 = laneY(to);
    boolean dropped = !arrow.delivered();
    String style = !dropped ? "" : arrow.outcome().equals(RunModel.NO_RECEIPT) ? " lost" : " dropped";
    out.append("<line class=\"m ").append(esc(arrow.type())).append(style)
        .append("\" data-t1=\"").append(num(millis(arrow.t1()), 3)).append("\" data-t2=\"").append(num(millis(t2), 3))
        .append("\" y1=\"").append(y1).append("\" y2=\"").append(dropped ? (y1 + y2) / 2 : y2).append('"');
    if (arrow.slot() >= 0) {
      out.append(" data-slot=\"").append(arrow.slot()).append('"');
    }
    if (dropped) {
      // A broken arrow: it stops half way, where a cross marks the loss.
      out.append(" data-half=\"1\"");
    }
    out.append("><title>").append(esc(arrow.type())).append(arrow.slot() >= 0 ? " slot " + arrow.slot() : "")
        .append(' ').append(arrow.from()).append("\u2192").append(arrow.to()).append(' ')
        .append(num(millis(arrow.t1()), 1)).append(" ms").append(dropped ? ": " + esc(arrow.outcome()) : "")
        .append("</title></line>");
    out.append('\n');
  }

  private void mark(Mark mark, int height) {
    Integer lane = mark.lane() == null ? null : laneIndex.get(mark.lane());
    String t = num(millis(mark.t()), 3);
    String slot = mark.slot() >= 0 ? " data-slot=\"" + mark.slot() + "\"" : "";
    String title = "<title>" + esc(mark.label()) + " (" + num(millis(mark.t()), 1) + " ms)</title>";
    switch (mark.kind()) {
      case "crash" -> out.append("<g class=\"crash at\" data-t=\"").append(t).append("\" data-y=\"").append(laneY(lane))
          .append("\"><path d=\"M-7,-7L7,7M-7,7L7,-7\"/>").append(title).append("</g>\n");
      case "restart" -> out.append("<g class=\"restart at\" data-t=\"").append(t).append("\" data-y=\"")
          .append(laneY(lane)).append("\"><path d=\"M0,-8L7,6L-7,6z\"/>").append(title).append("</g>\n");
      case "noop" -> {
        out.append("<g class=\"noop at\" data-t=\"").append(t).append("\" data-y=\"").append(laneY(lane))
            .append('"').append(slot).append("><path d=\"M0,-5L5,0L0,5L-5,0z\"/>");
        title = "<title>NOOP " + mark.slot() + "</title>";
        // Labels only while few, and once per slot: the log table lists them all.
        if (model.noopSlots.size() <= 12 && labelledNoops.add(mark.slot())) {
          out.append("<text x=\"7\" y=\"-4\">NOOP ").append(mark.slot()).append("</text>");
        }
        out.append(title).append("</g>\n");
      }
      case "drop" -> out.append("<g class=\"cross at\" data-t=\"").append(t).append("\" data-y=\"")
          .append(laneY(lane) - 8).append('"').append(slot).append("><path d=\"M-4,-4L4,4M-4,4L4,-4\"/>").append(title)
          .append("</g>\n");
      case "catchup" -> out.append("<g class=\"catchup at\" data-t=\"").append(t).append("\" data-y=\"")
          .append(laneY(lane)).append("\"><circle r=\"4\"/>").append(title).append("</g>\n");
      case "view" -> out.append("<g class=\"viewmark at\" data-t=\"").append(t).append("\" data-y=\"")
          .append(laneY(lane)).append("\"><path d=\"M0,-12V12\"/>").append(title).append("</g>\n");
      case "violation" -> out.append("<g class=\"violation-mark at\" data-t=\"").append(t).append("\" data-y=\"0\">")
          .append("<path d=\"M0,").append(TOP - 10).append("V").append(height - 24).append("\"/><text x=\"3\" y=\"")
          .append(TOP - 12).append("\">").append(esc(shorten(mark.label(), 60))).append("</text>").append(title)
          .append("</g>\n");
      case "note" -> {
        // Labels of notes close together would overlap: they take turns on two rows.
        int row = notes++ % 2;
        out.append("<g class=\"note-mark at\" data-t=\"").append(t).append("\" data-y=\"0\">")
            .append("<path d=\"M0,").append(TOP - 12 + 9 * row).append("V").append(height - 24)
            .append("\"/><text x=\"2\" y=\"").append(TOP - 14 + 9 * row).append("\">")
            .append(esc(shorten(mark.label(), 30))).append("</text>").append(title).append("</g>\n");
      }
      default -> {
      }
    }
  }

  private int laneY(Integer lane) {
    return lane == null ? TOP : TOP + lane * LANE_HEIGHT + LANE_HEIGHT / 2;
  }

  private String span(long t1, long t2) {
    return " data-t1=\"" + num(millis(t1), 3) + "\" data-t2=\"" + num(millis(t2), 3) + "\"";
  }

  // ---- charts -----------------------------------------------------------------------------

  private static final int CHART_WIDTH = 1280;
  private static final int CHART_HEIGHT = 200;
  private static final String[] LINE_COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
      "#e377c2", "#17becf"};

  private double chartX(long t) {
    return LEFT + (double) (t - model.start) / (model.end - model.start) * CHART_WIDTH;
  }

  private void executedChart() {
    out.append("<h2>Executed slot over time, per replica</h2>\n");
    long top = 1;
    for (List<long[]> points : model.executed.values()) {
      for (long[] point : points) {
        top = Math.max(top, point[1] + 1);
      }
    }
    int h = CHART_HEIGHT;
    out.append("<svg id=\"executed\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(LEFT + CHART_WIDTH + 10).append("\" height=\"").append(h + 40).append("\">\n");
    faultShading(h);
    axes(h, top, "slot");
    int i = 0;
    for (String lane : model.lanes) {
      List<long[]> points = model.executed.get(lane);
      if (points == null) {
        continue;
      }
      String colour = LINE_COLOURS[i++ % LINE_COLOURS.length];
      out.append("<polyline class=\"exec-line\" data-lane=\"").append(lane).append("\" stroke=\"").append(colour)
          .append("\" points=\"");
      // Steps: a replica stays at its slot until it executes the next one.
      String previousY = null;
      for (long[] point : thin(points, 2000)) {
        String x = num(chartX(point[0]), 1);
        String y = num(10 + h - (double) (point[1] + 1) / top * h, 1);
        if (previousY != null) {
          out.append(x).append(',').append(previousY).append(' ');
        }
        out.append(x).append(',').append(y).append(' ');
        previousY = y;
      }
      out.append("\"><title>").append(laneName(lane)).append("</title></polyline>\n");
      out.append("<text x=\"").append(LEFT + 8 + 90 * (i - 1)).append("\" y=\"").append(h + 36).append("\" fill=\"")
          .append(colour).append("\">\u2014 ").append(laneName(lane)).append("</text>\n");
    }
    for (Mark mark : model.marks) {
      if (mark.kind().equals("crash") || mark.kind().equals("restart")) {
        out.append("<text class=\"").append(mark.kind()).append("-label\" x=\"").append(num(chartX(mark.t()), 1))
            .append("\" y=\"22\">").append(mark.kind().equals("crash") ? "\u2715 " : "\u25B2 ").append(mark.lane())
            .append("</text>\n");
      }
    }
    out.append("</svg>\n");
  }

  private static List<long[]> thin(List<long[]> points, int most) {
    if (points.size() <= most) {
      return points;
    }
    List<long[]> kept = new ArrayList<>();
    double step = (double) points.size() / most;
    for (double i = 0; i < points.size(); i += step) {
      kept.add(points.get((int) i));
    }
    kept.add(points.get(points.size() - 1));
    return kept;
  }

  private void latencyChart() {
    out.append("<h2>Commit latency and throughput over time</h2>\n");
    if (model.latency.isEmpty()) {
      out.append("<p class=\"note\">No line was acknowledged while recording.</p>\n");
      return;
    }
    long totalLines = 0;
    long worst = 1;
    double busiest = 1;
    for (LatencyWindow window : model.latency) {
      totalLines += window.count();
      worst = Math.max(worst, window.max());
      busiest = Math.max(busiest, window.count() * 1e6 / io.paxoschat.events.JsonLinesRecorder.LATENCY_WINDOW_MICROS);
    }
    out.append("<p class=\"note\">").append(totalLines).append(" acknowledged lines, per window of ")
        .append(io.paxoschat.events.JsonLinesRecorder.LATENCY_WINDOW_MICROS / 1000)
        .append(" ms: commit latency (first send to acknowledgement) p50, p99 and max on a log scale,"
            + " and lines acknowledged per second. Shaded: fault periods (a replica down, a partition, the chaos"
            + " fault phase).</p>\n");
    int h = CHART_HEIGHT;
    out.append("<svg id=\"latency\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(LEFT + CHART_WIDTH + 10).append("\" height=\"").append(2 * h + 70).append("\">\n");
    faultShading(2 * h + 30);
    // Throughput: bars in the lower half.
    int base = 2 * h + 40;
    double barWidth = Math.max(1, (double) io.paxoschat.events.JsonLinesRecorder.LATENCY_WINDOW_MICROS
        / (model.end - model.start) * CHART_WIDTH - 0.5);
    for (LatencyWindow window : model.latency) {
      double rate = window.count() * 1e6 / io.paxoschat.events.JsonLinesRecorder.LATENCY_WINDOW_MICROS;
      double bar = rate / busiest * (h - 10);
      out.append("<rect class=\"tput\" x=\"").append(num(chartX(window.t()), 1)).append("\" y=\"")
          .append(num(base - bar, 1)).append("\" width=\"").append(num(barWidth, 1)).append("\" height=\"")
          .append(num(bar, 1)).append("\"><title>").append(num(rate, 0)).append(" lines/s</title></rect>");
    }
    out.append("\n<text class=\"axis-label\" x=\"").append(LEFT + 4).append("\" y=\"").append(h + 52)
        .append("\">throughput, up to ").append(num(busiest, 0)).append(" lines/s</text>\n");
    // Latency: log scale in the upper half, from 0.1 ms up.
    double low = Math.log10(0.1);
    double high = Math.log10(Math.max(1, worst / 1000.0)) + 0.2;
    for (double decade = -1; decade <= high; decade++) {
      double y = 10 + h - (decade - low) / (high - low) * h;
      out.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + CHART_WIDTH)
          .append("\" y1=\"").append(num(y, 1)).append("\" y2=\"").append(num(y, 1)).append("\"/><text class=\"tick\" x=\"2\" y=\"")
          .append(num(y + 4, 1)).append("\">").append(num(Math.pow(10, decade), 1)).append(" ms</text>\n");
    }
    String[][] series = {{"p50", "#2ca02c"}, {"p99", "#ff7f0e"}, {"max", "#d62728"}};
    for (String[] quantile : series) {
      // One step per window, so that a run of one window still shows its quantiles.
      out.append("<path class=\"lat ").append(quantile[0]).append("\" stroke=\"").append(quantile[1])
          .append("\" d=\"");
      for (LatencyWindow window : model.latency) {
        long micros = quantile[0].equals("p50") ? window.p50() : quantile[0].equals("p99") ? window.p99() : window.max();
        double value = Math.log10(Math.max(0.1, micros / 1000.0));
        double y = 10 + h - (value - low) / (high - low) * h;
        out.append('M').append(num(chartX(window.t()), 1)).append(',').append(num(y, 1)).append('H')
            .append(num(chartX(window.t()) + barWidth, 1));
      }
      out.append("\"/>\n");
    }
    out.append("<text x=\"").append(LEFT + CHART_WIDTH - 260).append("\" y=\"22\"><tspan fill=\"#2ca02c\">\u2014 p50</tspan>"
        + " <tspan fill=\"#ff7f0e\">\u2014 p99</tspan> <tspan fill=\"#d62728\">\u2014 max</tspan></text>\n");
    out.append("</svg>\n");
  }

  private void faultShading(int h) {
    for (Period period : model.periods) {
      double x1 = chartX(period.t1());
      double x2 = chartX(period.t2());
      out.append("<rect class=\"fault-shade\" x=\"").append(num(x1, 1)).append("\" y=\"10\" width=\"")
          .append(num(Math.max(1, x2 - x1), 1)).append("\" height=\"").append(h).append("\"><title>")
          .append(esc(period.label())).append("</title></rect>\n");
    }
  }

  private void axes(int h, long top, String what) {
    out.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(10 + h).append("\" x2=\"")
        .append(LEFT + CHART_WIDTH).append("\" y2=\"").append(10 + h).append("\"/>");
    out.append("<text class=\"tick\" x=\"2\" y=\"14\">").append(top - 1).append("</text><text class=\"tick\" x=\"2\" y=\"")
        .append(10 + h).append("\">0 ").append(what).append("</text>");
    for (int i = 0; i <= 10; i++) {
      double x = LEFT + i * CHART_WIDTH / 10.0;
      long t = model.start + (model.end - model.start) * i / 10;
      out.append("<text class=\"tick\" x=\"").append(num(x - 12, 1)).append("\" y=\"").append(h + 24).append("\">")
          .append(esc(ms(millis(t)))).append("</text>");
    }
    out.append('\n');
  }

  // ---- the logs ---------------------------------------------------------------------------

  private void logTable() {
    out.append("<h2>The log, per replica</h2>\n");
    if (logs == null) {
      out.append("<p class=\"note\">No replica logs were given.</p>\n");
      return;
    }
    out.append("<p class=\"note\">");
    if (logs.firstDivergence >= 0) {
      out.append("<b class=\"bad\">The logs differ first at line ").append(logs.firstDivergence + 1)
          .append("</b> (highlighted). ");
    } else {
      out.append("The logs agree line by line. ");
    }
    out.append("One row per log line (the lines of one batch share their slot); NOOP slots are marked.");
    if (logs.rowsSkipped > 0) {
      out.append(" Shown: the first ").append(ReplicaLogs.FIRST_ROWS).append(" lines, every NOOP")
          .append(logs.firstDivergence >= 0 ? " and the lines around the divergence" : "").append("; ")
          .append(logs.rowsSkipped).append(" other lines are left out.");
    }
    out.append("</p>\n<table class=\"log\" id=\"log\"><tr><th>slot</th>");
    for (ReplicaLogs.Log log : logs.logs) {
      out.append("<th>replica ").append(log.replica()).append("</th>");
    }
    out.append("</tr>\n");
    long previous = -1;
    for (ReplicaLogs.Row row : logs.rows) {
      if (previous >= 0 && row.index() != previous + 1) {
        out.append("<tr class=\"gap\"><td colspan=\"").append(logs.logs.size() + 1).append("\">\u22EF</td></tr>\n");
      }
      previous = row.index();
      out.append("<tr").append(row.divergent() ? " class=\"divergent\"" : row.noop() ? " class=\"noop\"" : "")
          .append(" data-slot=\"").append(row.slot()).append("\"><td>").append(row.slot()).append("</td>");
      for (String cell : row.cells()) {
        out.append("<td>").append(cell == null ? "<span class=\"absent\">\u2014</span>" : esc(shorten(cell, 48)))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private double millis(long micros) {
    return (micros - model.start) / 1000.0;
  }

  private String endText(String name) {
    JsonNode value = record.end(name);
    return value == null ? null : value.asText();
  }

  private long longEnd(String name) {
    JsonNode value = record.end(name);
    return value == null ? 0 : value.asLong();
  }

  private static String nonNull(String text, String otherwise) {
    return text == null ? otherwise : text;
  }

  private static String shorten(String text, int most) {
    return text.length() <= most ? text : text.substring(0, most - 1) + "\u2026";
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
