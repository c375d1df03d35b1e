package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.executed;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.ProposerMessage.ProposeSessionChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The learner's side of sessions: openings in the log, and the barrier they put up. */
class LearnerSessionTest {

  private static final int ME = 0;
  private static final int CLIENT = 7;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

  private final Learner learner = new Learner(ME, 3, SETTINGS);

  /** The client's first run opened session 0 and executed seq 1 and 2; its second run opened session 3. */
  private void twoRuns() {
    learner.handle(SessionRequest.open(CLIENT, 10));
    learner.handle(new Decision(0, new Command.OpenSession(CLIENT, 10)));
    learner.handle(new Decision(1, Command.Batch.of(new ChatLine(CLIENT, 0, 1, "a1"))));
    learner.handle(new Decision(2, Command.Batch.of(new ChatLine(CLIENT, 0, 2, "a2"))));
    learner.handle(new Decision(3, new Command.OpenSession(CLIENT, 20)));
  }

  @Test
  void anOpeningIsWrittenToTheLogAndAnsweredWithWhereTheNumberingStands() {
    learner.handle(SessionRequest.open(CLIENT, 10));
    learner.handle(new Decision(0, Command.Batch.of(new ChatLine(CLIENT, -1, 1, "from an earlier life"))));

    List<Effect> effects = learner.handle(new Decision(1, new Command.OpenSession(CLIENT, 10)));

    assertEquals(List.of(new Effect.Execute(1, new Command.OpenSession(CLIENT, 10))), executed(effects));
    assertEquals(List.of(new SessionOpened(CLIENT, 10, 1, 1, 0)), sent(effects, SessionOpened.class));
  }

  @Test
  void anOpeningNotYetExecutedGoesToTheProposerAndACopyOfTheOpenOneIsAnsweredAtOnce() {
    assertEquals(List.of(new ProposeSessionChange(new Command.OpenSession(CLIENT, 10), false)),
        sent(learner.handle(SessionRequest.open(CLIENT, 10)), ProposeSessionChange.class));
    learner.handle(new Decision(0, new Command.OpenSession(CLIENT, 10)));

    List<Effect> again = learner.handle(SessionRequest.open(CLIENT, 10));

    assertEquals(List.of(new SessionOpened(CLIENT, 10, 0, 0, 0)), sent(again, SessionOpened.class));
    assertEquals(List.of(), sent(again, ProposeSessionChange.class));
  }

  @Test
  void aCopyOrAStaleOpeningDecidedLaterOpensNothing() {
    twoRuns();

    assertEquals(List.of(new Effect.Execute(4, Command.Noop.INSTANCE)),
        executed(learner.handle(new Decision(4, new Command.OpenSession(CLIENT, 20)))));
    assertEquals(List.of(new Effect.Execute(5, Command.Noop.INSTANCE)),
        executed(learner.handle(new Decision(5, new Command.OpenSession(CLIENT, 10)))));
    assertEquals(new Session(3, 20), learner.sessionOf(CLIENT));
  }

  @Test
  void aLineOfTheSupersededRunDecidedAfterTheOpeningDoesNotExecuteThoughItsSeqIsNext() {
    twoRuns();

    List<Effect> late = learner.handle(new Decision(4, Command.Batch.of(new ChatLine(CLIENT, 0, 3, "a3, too late"))));
    List<Effect> own = learner.handle(new Decision(5, Command.Batch.of(new ChatLine(CLIENT, 3, 3, "b1"))));

    assertEquals(List.of(new Effect.Execute(4, Command.Noop.INSTANCE)), executed(late));
    assertEquals(List.of(new Effect.Execute(5, Command.Batch.of(new ChatLine(CLIENT, 3, 3, "b1")))), executed(own));
    assertEquals(1, learner.linesOfOtherSessions());
  }

  @Test
  void theSupersededRunAskingAgainIsToldOfTheNewerSessionAndNothingGoesToTheProposer() {
    twoRuns();

    List<Effect> effects = learner.handle(ClientRequest.of(new ChatLine(CLIENT, 0, 3, "a3")));

    assertEquals(List.of(new ClientReply(CLIENT, 3, 2, 2, 2, 0)), sent(effects, ClientReply.class));
    assertEquals(List.of(), sent(effects, ProposerMessage.Propose.class));
  }

  @Test
  void aRestartedLearnerKeepsTheSessionsOfItsLog() {
    twoRuns();
    Learner restarted = Learner.recover(ME, 3, SETTINGS, ExecutedPrefix.of(List.of(new Command.OpenSession(CLIENT, 10),
        Command.Batch.of(new ChatLine(CLIENT, 1, "a1")), Command.Batch.of(new ChatLine(CLIENT, 2, "a2")),
        new Command.OpenSession(CLIENT, 20))));

    assertEquals(new Session(3, 20), restarted.sessionOf(CLIENT));
    assertEquals(Map.of(CLIENT, new Session(3, 20)), restarted.sessions());
    assertEquals(List.of(new Effect.Execute(4, Command.Noop.INSTANCE)),
        executed(restarted.handle(new Decision(4, Command.Batch.of(new ChatLine(CLIENT, 0, 3, "a3"))))));
  }
}
