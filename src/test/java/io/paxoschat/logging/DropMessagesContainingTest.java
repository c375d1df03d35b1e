package io.paxoschat.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class DropMessagesContainingTest {

  private static LoggingEvent event(String message, Object... args) {
    LoggerContext context = new LoggerContext();
    return new LoggingEvent(
        "test", context.getLogger("org.apache.pekko.remote.RemoteActorRefProvider"), Level.WARN,
        message, null, args);
  }

  @Test
  void dropsOnlyMatchingMessages() {
    DropMessagesContaining filter = new DropMessagesContaining();
    filter.addText("Pekko Cluster not in use");
    filter.start();
    assertEquals(
        FilterReply.DENY,
        filter.decide(event("Pekko Cluster not in use - Using Pekko Cluster is recommended")));
    assertEquals(FilterReply.DENY, filter.decide(event("{} not in use", "Pekko Cluster")));
    assertEquals(FilterReply.NEUTRAL, filter.decide(event("Association failed")));
  }

  @Test
  void withoutTextsItDropsNothing() {
    assertEquals(FilterReply.NEUTRAL, new DropMessagesContaining().decide(event("anything")));
  }
}
