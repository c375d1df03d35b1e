package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one restart function: a replica back from its chat log keeps its clients' open sessions. */
class RecoveredReplicaTest {

  private static final int N = 3;
  private static final int CLIENT = 7;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

  /** Slot 0 opens session 0, slot 1 holds a line of it, slot 2 opens session 2 with a newer nonce. */
  private static final List<Command> LOG = List.of(
      new Command.OpenSession(CLIENT, 10),
      Command.Batch.of(new ChatLine(CLIENT, 0, 1, "first")),
      new Command.OpenSession(CLIENT, 20));

  @Test
  void theExecutedPrefixOfALogHoldsItsDedupTableAndEachClientsLastOpening() {
    ExecutedPrefix prefix = ExecutedPrefix.of(LOG);
    assertEquals(3, prefix.slots());
    assertEquals(Map.of(CLIENT, 1L), prefix.lastExecutedSeq());
    assertEquals(Map.of(CLIENT, new Session(2, 20)), prefix.sessions());
  }

  @Test
  void aRestartedLearnerAnswersAnOpeningItAlreadyExecutedWithItsSessionInsteadOfProposingIt() {
    RecoveredReplica replica = RecoveredReplica.of(0, N, SETTINGS, List.of(), ExecutedPrefix.of(LOG));
    assertEquals(3, replica.learner().nextToExecute());
    assertEquals(Map.of(CLIENT, new Session(2, 20)), replica.learner().sessions());

    List<Effect> effects = replica.learner().handle(SessionRequest.open(CLIENT, 20));
    assertEquals(List.of(new Effect.Send(Address.client(CLIENT), new ClientMessage.SessionOpened(CLIENT, 20, 2, 1, 0))),
        effects, "the session is open already: no new opening is proposed");
  }
}
