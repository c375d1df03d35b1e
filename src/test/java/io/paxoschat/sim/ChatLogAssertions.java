package io.paxoschat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The promises of the chat log, checked on the logs of a finished run. */
final class ChatLogAssertions {

  private ChatLogAssertions() {}

  /**
   * Every live replica holds the same log, in which every client's lines appear exactly once
   * each, in the client's own order, with the text it sent.
   */
  static void assertCompleteAndConsistent(
      SimulationResult result, InMemoryChatLogs logs, List<List<String>> clientLines) {
    assertTrue(result.completed(), "run did not complete: " + result);
    assertEquals(result.totalLines(), result.acknowledged(), "acknowledged lines");
    List<Command> reference = null;
    int referenceId = -1;
    for (SimulationResult.ReplicaOutcome replica : result.replicas()) {
      List<Command> log = logs.log(replica.id());
      if (replica.crashed()) {
        continue;
      }
      if (reference == null) {
        reference = log;
        referenceId = replica.id();
      } else {
        assertEquals(reference, log, "log of replica " + replica.id() + " differs from replica " + referenceId);
      }
    }
    assertTrue(reference != null, "no replica survived");
    Map<Integer, List<String>> executedByClient = new HashMap<>();
    for (Command command : reference) {
      for (Command.ChatLine line : Command.linesOf(command)) {
        List<String> executed = executedByClient.computeIfAbsent(line.clientId(), c -> new ArrayList<>());
        assertEquals(executed.size() + 1, line.seq(), "client " + line.clientId() + " seq out of order");
        executed.add(line.text());
      }
    }
    for (int client = 0; client < clientLines.size(); client++) {
      assertEquals(clientLines.get(client), executedByClient.getOrDefault(client, List.of()),
          "lines of client " + client + " in the log");
    }
    // Crashed replicas hold a prefix of what the live ones agreed on.
    for (SimulationResult.ReplicaOutcome replica : result.replicas()) {
      if (replica.crashed()) {
        List<Command> log = logs.log(replica.id());
        assertEquals(reference.subList(0, Math.min(log.size(), reference.size())), log,
            "crashed replica " + replica.id() + " is not a prefix");
      }
    }
  }
}
