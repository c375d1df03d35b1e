package io.paxoschat.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepeatLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
  private Logger logger;

  @BeforeEach
  void setUp() {
    LoggerContext context = new LoggerContext();
    RepeatLimiter limiter = new RepeatLimiter();
    limiter.setClock(now::get);
    limiter.setContext(context);
    limiter.start();
    context.addTurboFilter(limiter);
    seen.setContext(context);
    seen.start();
    logger = context.getLogger("some.listener");
    logger.addAppender(seen);
  }

  private List<String> lines() {
    return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aLineInATightLoopComesThroughOncePerSecondWithTheCountOfWhatWasHeldBack() {
    for (int i = 0; i < 10_000; i++) {
      logger.error("Accept error: could not accept new connection", new IOException("Too many open files"));
    }
    assertEquals(1, seen.list.size());
    assertTrue(seen.list.get(0).getThrowableProxy() != null, "the first keeps its stack trace");

    now.addAndGet(999);
    logger.error("Accept error: could not accept new connection", new IOException("Too many open files"));
    assertEquals(1, seen.list.size());

    now.addAndGet(1);
    logger.error("Accept error: could not accept new connection", new IOException("Too many open files"));
    assertEquals(List.of("Accept error: could not accept new connection",
        "(the next line was repeated 10000 more times in the last 1000 ms and not logged:"
            + " \"Accept error: could not accept new connection\")",
        "Accept error: could not accept new connection"), lines());
  }

  @Test
  void linesThatDifferOnlyInNumbersAreOneLine() {
    for (int port = 40000; port < 40100; port++) {
      logger.warn("connection from 127.0.0.1:" + port + " dropped");
    }
    assertEquals(1, seen.list.size());
  }

  @Test
  void differentLinesAndLowerLevelsAreNotLimited() {
    for (int i = 0; i < 5; i++) {
      logger.warn("one thing");
      logger.warn("another thing");
      logger.info("protocol detail " + i);
    }
    assertEquals(2 + 5, seen.list.size());
  }
}
