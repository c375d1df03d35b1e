package io.paxoschat.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops log events whose message contains any of the configured texts. Pekko warns at start
 * that Pekko Cluster is not in use, and no setting turns that off; this filter keeps it off the
 * console without pulling in Janino for an EvaluatorFilter.
 *
 * <pre>
 * &lt;filter class="io.paxoschat.logging.DropMessagesContaining"&gt;
 *   &lt;text&gt;Pekko Cluster not in use&lt;/text&gt;
 * &lt;/filter&gt;
 * </pre>
 */
public final class DropMessagesContaining extends Filter<ILoggingEvent> {

  private final List<String> texts = new ArrayList<>();

  /** Logback calls this once per {@code <text>} element. */
  public void addText(String text) {
    if (text != null && !text.isEmpty()) {
      texts.add(text);
    }
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (texts.isEmpty()) {
      return FilterReply.NEUTRAL;
    }
    // The raw template covers the usual case without formatting every event.
    String message = event.getMessage();
    if (message != null && matches(message)) {
      return FilterReply.DENY;
    }
    String formatted = event.getFormattedMessage();
    return formatted != null && matches(formatted) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  private boolean matches(String message) {
    for (String text : texts) {
      if (message.contains(text)) {
        return true;
      }
    }
    return false;
  }
}
