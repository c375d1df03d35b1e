package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.executed;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionClosed;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.ProposeSessionChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learner's side of closing a session: the closing in the log, and the answer "session closed". */
class LearnerSessionCloseTest {

  private static final int CLIENT = 7;
  private static final Command.OpenSession OPENING = new Command.OpenSession(CLIENT, 10);
  private static final Command.CloseSession CLOSING = new Command.CloseSession(CLIENT, 0);

  private final Learner learner = new Learner(0, 3, ProtocolSettings.defaults());

  /** Session 0 opened, seq 1 executed in slot 1, then the session closed in slot 2. */
  private List<Effect> openOneLineAndClose() {
    learner.handle(SessionRequest.open(CLIENT, 10));
    learner.handle(new Decision(0, OPENING));
    learner.handle(new Decision(1, Command.Batch.of(new ChatLine(CLIENT, 0, 1, "a1"))));
    return learner.handle(new Decision(2, CLOSING));
  }

  @Test
  void aClosingIsWrittenToTheLogAndAnsweredWithTheLastExecutedSeq() {
    List<Effect> effects = openOneLineAndClose();

    assertEquals(List.of(new Effect.Execute(2, CLOSING)), executed(effects));
    assertEquals(List.of(new SessionClosed(CLIENT, 0, 1)), sent(effects, SessionClosed.class));
    assertEquals(new Session(0, 10, true), learner.sessionOf(CLIENT));
  }

  @Test
  void aLineOfAClosedSessionDecidedAfterTheClosingDoesNotExecuteThoughItsSeqIsNext() {
    openOneLineAndClose();

    List<Effect> late = learner.handle(new Decision(3, Command.Batch.of(new ChatLine(CLIENT, 0, 2, "a2, too late"))));

    assertEquals(List.of(new Effect.Execute(3, Command.Noop.INSTANCE)), executed(late));
    assertEquals(1, learner.lastExecutedSeq(CLIENT));
    assertEquals(1, learner.linesOfOtherSessions());
  }

  @Test
  void linesOfAClosedSessionAreAnsweredSessionClosedAndNotProposed() {
    openOneLineAndClose();

    List<Effect> effects = learner.handle(ClientRequest.of(new ChatLine(CLIENT, 0, 2, "a2")));

    assertEquals(List.of(new SessionClosed(CLIENT, 0, 1)), sent(effects, SessionClosed.class));
    assertEquals(List.of(), sent(effects, Propose.class));
    assertEquals(List.of(), sent(effects, ClientReply.class));
  }

  @Test
  void linesOfASessionNoOpeningStartedAreAnsweredSessionClosedOnceItsSlotExecuted() {
    learner.handle(new Decision(0, OPENING));
    learner.handle(new Decision(1, Command.Batch.of(new ChatLine(3, 1, "another client's line"))));

    List<Effect> unknown = learner.handle(ClientRequest.of(new ChatLine(CLIENT, 1, 1, "of a cluster gone")));
    List<Effect> notYetKnown = learner.handle(ClientRequest.of(new ChatLine(CLIENT, 5, 1, "of an opening to come")));

    assertEquals(List.of(new SessionClosed(CLIENT, 1, SessionClosed.UNKNOWN)), sent(unknown, SessionClosed.class));
    assertEquals(List.of(), sent(unknown, Propose.class));
    assertEquals(List.of(), sent(notYetKnown, SessionClosed.class), "slot 5 is not executed here: this learner may lag");
    assertEquals(1, sent(notYetKnown, Propose.class).size());
  }

  @Test
  void aClosingAskedAgainIsAnsweredAtOnceAndOneNotExecutedYetGoesToTheProposer() {
    learner.handle(new Decision(0, OPENING));
    assertEquals(List.of(new ProposeSessionChange(CLOSING, false)),
        sent(learner.handle(SessionRequest.close(CLIENT, 0)), ProposeSessionChange.class));

    learner.handle(new Decision(1, CLOSING));
    List<Effect> again = learner.handle(SessionRequest.close(CLIENT, 0));

    assertEquals(List.of(new SessionClosed(CLIENT, 0, 0)), sent(again, SessionClosed.class));
    assertEquals(List.of(), sent(again, ProposeSessionChange.class));
  }

  @Test
  void closingASupersededSessionIsAnsweredWithTheNewerSessionNotItsLinesAndClosesNothingWhenDecided() {
    learner.handle(new Decision(0, OPENING));
    learner.handle(new Decision(1, new Command.OpenSession(CLIENT, 20)));
    learner.handle(new Decision(2, Command.Batch.of(new ChatLine(CLIENT, 1, 1, "b1 of the newer session"))));

    List<Effect> answer = learner.handle(SessionRequest.close(CLIENT, 0));

    assertEquals(List.of(), sent(answer, SessionClosed.class),
        "seq 1 executed in the newer session: an answer naming it would acknowledge the older run's seq 1");
    assertEquals(1, sent(answer, ClientReply.class).get(0).session());
    assertEquals(List.of(new Effect.Execute(3, Command.Noop.INSTANCE)),
        executed(learner.handle(new Decision(3, CLOSING))));
    assertEquals(new Session(1, 20), learner.sessionOf(CLIENT), "the newer session stays open");
  }

  @Test
  void aCopyOfTheClosedSessionsOpeningDecidedLaterDoesNotOpenItAgain() {
    openOneLineAndClose();

    assertEquals(List.of(new Effect.Execute(3, Command.Noop.INSTANCE)),
        executed(learner.handle(new Decision(3, OPENING))));
    assertTrue(learner.sessionOf(CLIENT).closed());
  }

  @Test
  void aNewSessionAfterAClosingNumbersOnFromTheLastExecutedLine() {
    openOneLineAndClose();
    learner.handle(SessionRequest.open(CLIENT, 11));

    List<Effect> opened = learner.handle(new Decision(3, new Command.OpenSession(CLIENT, 11)));
    List<Effect> line = learner.handle(new Decision(4, Command.Batch.of(new ChatLine(CLIENT, 3, 2, "b2"))));

    assertEquals(List.of(new SessionOpened(CLIENT, 11, 3, 1, 0)), sent(opened, SessionOpened.class));
    assertEquals(List.of(new Effect.Execute(4, Command.Batch.of(new ChatLine(CLIENT, 3, 2, "b2")))), executed(line));
  }

  @Test
  void aRestartedLearnerKeepsTheClosingOfItsLog() {
    openOneLineAndClose();
    List<Command> log = new ArrayList<>(List.of(OPENING, Command.Batch.of(new ChatLine(CLIENT, 1, "a1")), CLOSING));

    Learner restarted = Learner.recover(0, 3, ProtocolSettings.defaults(), ExecutedPrefix.of(log));
    List<Effect> effects = restarted.handle(ClientRequest.of(new ChatLine(CLIENT, 0, 2, "a2")));

    assertEquals(new Session(0, 10, true), restarted.sessionOf(CLIENT));
    assertEquals(List.of(new SessionClosed(CLIENT, 0, 1)), sent(effects, SessionClosed.class));
  }
}
