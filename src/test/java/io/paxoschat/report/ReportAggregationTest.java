package io.paxoschat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.events.EventClock;
import io.paxoschat.events.JsonLinesRecorder;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.events.Sampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past what can be read, the diagram draws the rarer messages first, counts the rest, and says so. */
class ReportAggregationTest {

  @TempDir Path temp;
  private long now;

  @Test
  void manyMessagesAreAggregatedAndTheRareOnesStayDrawn() throws Exception {
    Path events = temp.resolve("many.jsonl");
    JsonLinesRecorder recorder = JsonLinesRecorder.open(events, EventClock.virtualMillis(() -> now), Sampling.ALL);
    recorder.header(Map.of("scenario", "many messages", "replicas", 3, "clients", 0));
    Ballot ballot = new Ballot(0, 0);
    recorder.sent(Address.proposer(0), Address.acceptor(1), new Prepare(ballot, 0));
    recorder.received(null, Address.acceptor(1), new Prepare(ballot, 0));
    Command line = Command.Batch.of(new Command.ChatLine(0, 1, "x"));
    for (long slot = 0; slot < 3000; slot++) {
      now = slot;
      Accept accept = new Accept(ballot, slot, line);
      for (int acceptor = 1; acceptor <= 2; acceptor++) {
        recorder.sent(Address.proposer(0), Address.acceptor(acceptor), accept);
        now = slot + 1;
        recorder.received(null, Address.acceptor(acceptor), accept);
      }
    }
    recorder.close(Map.of());
    Path page = temp.resolve("many.html");
    Reports.write(List.of(events), null, page);
    String html = Files.readString(page);

    Matcher note = Pattern.compile("(\\d+) of (\\d+) recorded messages drawn as arrows \\(past what can be read")
        .matcher(html);
    assertTrue(note.find(), "the page says the diagram is aggregated");
    assertEquals(HtmlReport.MAX_ARROWS, Integer.parseInt(note.group(1)));
    assertEquals(6001, Integer.parseInt(note.group(2)));
    assertTrue(html.contains("class=\"band\""), "the rest are counted in bands");
    assertTrue(html.contains("<line class=\"m Prepare\""), "the view-change message is drawn");
    assertTrue(Pattern.compile("<line class=\"m Accept\"[^>]*data-slot=\"29\\d\\d\"").matcher(html).find(),
        "what fits of the rest is drawn evenly over the run, to its end");
  }
}
