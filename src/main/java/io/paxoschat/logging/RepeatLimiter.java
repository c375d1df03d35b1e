package io.paxoschat.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Marker;

/**
 * Lets a log line that repeats through at most once per interval (one second unless configured),
 * and says how many were held back: the next time the line comes through, a line before it
 * reads "... repeated N more times in the last T ms". Without it a node whose listener fails in
 * a tight loop (a stranger holding every file descriptor: "Too many open files") writes
 * gigabytes of the same stack trace.
 *
 * <p>Lines are the same when their logger, level and text match with every run of digits
 * taken as equal, so a line that names a port or a count still counts as one. Only lines at
 * {@code minLevel} (WARN unless configured) and above are limited: protocol detail at INFO and
 * DEBUG is the operator's choice to turn up. A TurboFilter decides before any appender, so the
 * console and every file see the same lines.
 *
 * <pre>
 * &lt;turboFilter class="io.paxoschat.logging.RepeatLimiter"&gt;
 *   &lt;intervalMillis&gt;1000&lt;/intervalMillis&gt;
 * &lt;/turboFilter&gt;
 * </pre>
 */
public final class RepeatLimiter extends TurboFilter {

  /** Beyond this many distinct lines in one interval the table starts over (a bound, not a cache). */
  private static final int MAX_KEYS = 4096;

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final ThreadLocal<Boolean> reporting = ThreadLocal.withInitial(() -> false);
  private long intervalMillis = 1000;
  private Level minLevel = Level.WARN;
  private Clock clock = System::currentTimeMillis;

  /** The time source; a test's own in tests. */
  @FunctionalInterface
  interface Clock {
    long millis();
  }

  public void setIntervalMillis(long intervalMillis) {
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("intervalMillis must be at least 1, was " + intervalMillis);
    }
    this.intervalMillis = intervalMillis;
  }

  public void setMinLevel(String level) {
    this.minLevel = Level.toLevel(level, Level.WARN);
  }

  void setClock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(minLevel) || format == null || reporting.get()
        || !logger.isEnabledFor(level)) {
      return FilterReply.NEUTRAL;
    }
    String key = logger.getName() + '|' + level + '|' + format.replaceAll("[0-9]+", "#")
        + (t == null ? "" : '|' + t.getClass().getName());
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    long now = clock.millis();
    Window window = windows.computeIfAbsent(key, k -> new Window(now));
    long held;
    long since;
    synchronized (window) {
      if (now - window.start < intervalMillis && window.passed) {
        window.held++;
        return FilterReply.DENY;
      }
      held = window.held;
      since = now - window.start;
      window.start = now;
      window.held = 0;
      window.passed = true;
    }
    if (held > 0) {
      report(logger, level, format, held, since);
    }
    return FilterReply.NEUTRAL;
  }

  private void report(Logger logger, Level level, String format, long held, long since) {
    reporting.set(true);
    try {
      String shown = format.length() > 120 ? format.substring(0, 117) + "..." : format;
      String line = "(the next line was repeated " + held + " more times in the last " + since
          + " ms and not logged: \"" + shown.replace("{}", "_") + "\")";
      if (level.isGreaterOrEqual(Level.ERROR)) {
        logger.error(line);
      } else {
        logger.warn(line);
      }
    } finally {
      reporting.set(false);
    }
  }

  private static final class Window {
    long start;
    long held;
    boolean passed;

    Window(long start) {
      this.start = start;
    }
  }
}
