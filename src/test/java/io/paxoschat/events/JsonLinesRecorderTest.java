package io.paxoschat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paxoschat.events.EventRecorder.DropCause;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRecorderTest {

  @TempDir Path temp;

  /** A clock the test moves by hand, in milliseconds. */
  private long nowMillis;

  private JsonLinesRecorder recorder(Path file, Sampling sampling) {
    return JsonLinesRecorder.open(file, EventClock.virtualMillis(() -> nowMillis), sampling);
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(json.readTree(line));
    }
    return lines;
  }

  private static List<JsonNode> ofKind(List<JsonNode> lines, String kind) {
    return lines.stream().filter(line -> line.path("k").asText().equals(kind)).toList();
  }

  private static final Command.ChatLine CHAT_LINE = new Command.ChatLine(1, 1, "hi");
  private static final Command LINE = Command.Batch.of(CHAT_LINE);

  @Test
  void writesHeaderEventsAndEndWithExactCounts() throws Exception {
    Path file = temp.resolve("events.jsonl");
    JsonLinesRecorder events = recorder(file, Sampling.ALL);
    events.header(Map.of("scenario", "unit"));
    Accept accept = new Accept(new Ballot(0, 0), 3, LINE);
    nowMillis = 5;
    events.sent(Address.proposer(0), Address.acceptor(1), accept);
    nowMillis = 7;
    events.received(null, Address.acceptor(1), accept);
    events.dropped(null, Address.acceptor(2), accept, DropCause.LOSS);
    events.executed(1, 3, LINE);
    events.crashed(2, "test");
    events.crashed(2, "the same crash, told by another role");
    events.close(Map.of("verdict", "PASS"));

    List<JsonNode> lines = lines(file);
    assertEquals("run", lines.get(0).path("k").asText());
    assertEquals("unit", lines.get(0).path("scenario").asText());
    assertEquals("virtual", lines.get(0).path("clock").asText());
    JsonNode end = lines.get(lines.size() - 1);
    assertEquals("end", end.path("k").asText());
    assertEquals("PASS", end.path("verdict").asText());
    assertEquals(1, end.path("drops").path("loss").asLong());
    assertEquals(1, end.path("counts").path("crash").asLong(), "a crash told twice is one crash");

    JsonNode send = ofKind(lines, "send").get(0);
    JsonNode recv = ofKind(lines, "recv").get(0);
    assertEquals(5000, send.path("t").asLong(), "virtual milliseconds are written as microseconds");
    assertEquals("r0", send.path("n").asText());
    assertEquals("r1", send.path("to").asText());
    assertEquals("Accept", send.path("m").asText());
    assertEquals(3, send.path("s").asLong());
    assertEquals(send.path("key").asText(), recv.path("key").asText(), "a send and its receipt share a key");
    assertEquals("r0", recv.path("f").asText(), "the sender of an Accept is its ballot's leader");
    assertEquals("loss", ofKind(lines, "drop").get(0).path("d").asText());
    assertEquals("c1:1", ofKind(lines, "exec").get(0).path("d").asText());
  }

  @Test
  void protocolEventsAreReadOffTheMessages() throws Exception {
    Path file = temp.resolve("events.jsonl");
    JsonLinesRecorder events = recorder(file, Sampling.ALL);
    Ballot view1 = new Ballot(1, 1);
    events.sent(Address.proposer(1), Address.acceptor(0), new Prepare(view1, 0));
    events.received(null, Address.acceptor(2), new Prepare(view1, 0));
    events.sent(Address.proposer(1), Address.proposer(0), new Heartbeat(view1, 0));
    events.sent(Address.proposer(1), Address.acceptor(0), new Accept(view1, 0, LINE));
    events.sent(Address.proposer(1), Address.acceptor(2), new Accept(view1, 0, LINE));
    events.sent(Address.proposer(1), Address.learner(0), new Decision(0, LINE));
    events.sent(Address.proposer(1), Address.learner(2), new Decision(0, LINE));
    nowMillis = 10;
    events.sent(Address.client(1), Address.learner(1), ClientRequest.of(CHAT_LINE));
    nowMillis = 25;
    events.sent(Address.client(1), Address.learner(1), ClientRequest.of(CHAT_LINE)); // a retry
    nowMillis = 40;
    events.received(null, Address.client(1), new ClientReply(1, -1, 1, -1, 0, 1));
    events.received(null, Address.client(1), new ClientReply(1, -1, 1, -1, 0, 1)); // a copy acknowledges nothing new
    events.close(Map.of());

    List<JsonNode> lines = lines(file);
    List<JsonNode> views = ofKind(lines, "view");
    assertEquals(List.of("r1 candidate 1", "r1 leader 1", "r2 follower 1"),
        views.stream().map(v -> v.path("n").asText() + " " + v.path("m").asText() + " " + v.path("v").asLong())
            .sorted().toList());
    assertEquals(1, ofKind(lines, "propose").size(), "one proposal however many acceptors hear it");
    assertEquals(1, ofKind(lines, "decide").size(), "one decision however many learners hear it");
    List<JsonNode> acks = ofKind(lines, "ack");
    assertEquals(1, acks.size());
    assertEquals(30_000, acks.get(0).path("x").asLong(), "latency from the first send, in microseconds");
    JsonNode window = ofKind(lines, "acks").get(0);
    assertEquals(1, window.path("lines").asLong());
    assertEquals(30_000, window.path("max").asLong(), 300);
  }

  private static ClientRequest request(int client, long fromSeq, long toSeq) {
    List<Command.ChatLine> lines = new ArrayList<>();
    for (long seq = fromSeq; seq <= toSeq; seq++) {
      lines.add(new Command.ChatLine(client, seq, "line " + seq));
    }
    return new ClientRequest(client, lines);
  }

  @Test
  void eachLinesLatencyRunsFromItsFirstSendAcrossRetriesAndPartialAcknowledgements() throws Exception {
    Path file = temp.resolve("events.jsonl");
    JsonLinesRecorder events = recorder(file, new Sampling(50, 4)); // acks of seqs 1-5 kept, then every 4th
    Address client = Address.client(1);
    nowMillis = 10;
    events.sent(client, Address.learner(0), request(1, 1, 5));
    nowMillis = 20;
    events.sent(client, Address.learner(0), request(1, 6, 8));
    nowMillis = 30;
    events.sent(client, Address.learner(1), request(1, 4, 8)); // a retry: its lines keep their first send
    nowMillis = 35;
    events.sent(client, Address.learner(1), request(1, 9, 12));
    nowMillis = 40;
    events.received(null, client, new ClientReply(1, -1, 3, -1, 0, 0));
    nowMillis = 45;
    events.received(null, client, new ClientReply(1, -1, 7, -1, 0, 0)); // half of the run 6-8
    nowMillis = 60;
    events.received(null, client, new ClientReply(1, -1, 12, -1, 0, 0));
    events.close(Map.of());

    List<JsonNode> lines = lines(file);
    List<String> acks = ofKind(lines, "ack").stream()
        .map(ack -> ack.path("s").asLong() + ":" + ack.path("x").asLong() / 1000).toList();
    assertEquals(List.of("1:30", "2:30", "3:30", "4:35", "5:35", "8:40", "12:25"), acks,
        "seq:latency in ms of the kept acknowledgements");
    assertEquals(12, lines.get(lines.size() - 1).path("counts").path("ack").asLong(), "every line counted");
    List<JsonNode> windows = ofKind(lines, "acks");
    assertEquals(2, windows.size(), "two 50 ms windows");
    assertEquals(7, windows.get(0).path("lines").asLong());
    assertEquals(30_000, windows.get(0).path("p50").asLong(), 300);
    assertEquals(35_000, windows.get(0).path("max").asLong(), 350);
    assertEquals(5, windows.get(1).path("lines").asLong());
    assertEquals(25_000, windows.get(1).path("p50").asLong(), 250);
    assertEquals(40_000, windows.get(1).path("max").asLong(), 400);
  }

  @Test
  void samplingKeepsASendAndItsReceiptTogether() throws Exception {
    Path file = temp.resolve("events.jsonl");
    JsonLinesRecorder events = recorder(file, new Sampling(10, 7));
    Ballot ballot = new Ballot(0, 0);
    for (long slot = 0; slot < 100; slot++) {
      Accepted accepted = new Accepted(ballot, 1, slot);
      events.sent(Address.acceptor(1), Address.proposer(0), accepted);
      events.received(null, Address.proposer(0), accepted);
    }
    events.close(Map.of());
    List<JsonNode> lines = lines(file);
    List<Long> sent = ofKind(lines, "send").stream().map(l -> l.path("s").asLong()).toList();
    List<Long> received = ofKind(lines, "recv").stream().map(l -> l.path("s").asLong()).toList();
    assertEquals(sent, received);
    assertEquals(10 + 13, sent.size(), "slots 0-9, then every 7th");
    assertEquals(200, lines.get(lines.size() - 1).path("counts").path("send").asLong()
        + lines.get(lines.size() - 1).path("counts").path("recv").asLong(), "counts stay exact");
  }

  @Test
  void aLongRunWritesABoundedRecord() throws Exception {
    Path file = temp.resolve("events.jsonl");
    JsonLinesRecorder events = recorder(file, Sampling.DEFAULT);
    Ballot ballot = new Ballot(0, 0);
    long messages = 0;
    for (long slot = 0; slot < 1_000_000; slot++) {
      nowMillis = slot / 50;
      Accept accept = new Accept(ballot, slot, LINE);
      for (int acceptor = 1; acceptor <= 2; acceptor++) {
        events.sent(Address.proposer(0), Address.acceptor(acceptor), accept);
        events.received(null, Address.acceptor(acceptor), accept);
        messages += 2;
      }
      events.executed(0, slot, LINE);
    }
    events.close(Map.of());
    long bytes = Files.size(file);
    assertTrue(bytes < 60_000_000, "a million slots, " + messages + " messages: " + bytes + " bytes");
    List<JsonNode> lines = lines(file);
    JsonNode end = lines.get(lines.size() - 1);
    assertEquals(1_000_000, end.path("counts").path("exec").asLong());
    assertTrue(end.path("sampled_out").asLong() > 0);
  }

  @Test
  void offRecordsNothingAndWrapsNothing() {
    assertFalse(EventRecorder.OFF.on());
    io.paxoschat.actor.Directory directory = (to, message) -> {};
    assertTrue(io.paxoschat.actor.EventRecordingDirectory.of(directory, Address.proposer(0), EventRecorder.OFF) == directory);
  }
}
