package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

  private static final Command NOOP = Command.Noop.INSTANCE;
  /** Client 0 opens its first session at slot 0, client 1 at slot 1. */
  private static final Command OPEN_0 = new Command.OpenSession(0, 1);
  private static final Command OPEN_1 = new Command.OpenSession(1, 1);
  private final InvariantChecker checker =
      new InvariantChecker(3, List.of(List.of("a", "b", "c"), List.of("x")));

  /** A line of the client's first session. */
  private static ChatLine line(int client, long seq, String text) {
    return new ChatLine(client, client, seq, text);
  }

  private void opened(int replica) {
    checker.onExecute(replica, 0, OPEN_0);
    checker.onExecute(replica, 1, OPEN_1);
  }

  @Test
  void identicalLogsPass() {
    for (int replica = 0; replica < 3; replica++) {
      opened(replica);
      checker.onExecute(replica, 2, Command.Batch.of(line(0, 1, "a")));
      checker.onExecute(replica, 3, NOOP);
      checker.onExecute(replica, 4, Command.Batch.of(line(1, 1, "x")));
      checker.onExecute(replica, 5, Command.Batch.of(line(0, 2, "b")));
    }
    checker.onAcknowledged(new Effect.Acknowledged(5, line(0, 2, "b")));
    checker.onAcknowledged(new Effect.Acknowledged(-1, line(1, 1, "x")));
    checker.checkAcknowledgedEverywhere(new boolean[] {true, true, true});
    assertNull(checker.finding());
    assertEquals(6, checker.longestLog());
  }

  @Test
  void twoCommandsAtOneSlotBreakAgreement() {
    checker.onExecute(0, 0, OPEN_0);
    checker.onExecute(1, 0, NOOP);
    assertEquals(Invariant.AGREEMENT, checker.finding().invariant());
  }

  @Test
  void aGapBreaksThePrefix() {
    checker.onExecute(0, 1, NOOP);
    assertEquals(Invariant.PREFIX, checker.finding().invariant());
  }

  @Test
  void aLineNobodySentBreaksValidity() {
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "not a")));
    assertEquals(Invariant.VALIDITY, checker.finding().invariant());
  }

  @Test
  void aLineExecutedTwiceBreaksAtMostOnce() {
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(0, 3, Command.Batch.of(line(0, 1, "a")));
    assertEquals(Invariant.AT_MOST_ONCE, checker.finding().invariant());
  }

  @Test
  void aLineBeforeItsPredecessorBreaksClientOrder() {
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 2, "b")));
    assertEquals(Invariant.CLIENT_ORDER, checker.finding().invariant());
  }

  @Test
  void aLineOfASupersededSessionBreaksSessions() {
    checker.onClientRun(0, 1, List.of("new"));
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(0, 3, new Command.OpenSession(0, 2));
    checker.onExecute(0, 4, Command.Batch.of(line(0, 2, "b"))); // the first run's next line, too late
    assertEquals(Invariant.SESSIONS, checker.finding().invariant());
  }

  @Test
  void aLineOfAClosedSessionBreaksSessionsAndSoDoesAReplicaRestartedAfterTheClosing() {
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(0, 3, new Command.CloseSession(0, 0));
    assertNull(checker.finding());

    checker.onRestart(0, 4);
    checker.onExecute(0, 4, Command.Batch.of(line(0, 2, "b"))); // decided after the closing
    assertEquals(Invariant.SESSIONS, checker.finding().invariant());
  }

  @Test
  void closingASessionThatIsNotTheLatestBreaksSessions() {
    opened(0);
    checker.onExecute(0, 2, new Command.CloseSession(0, 5));
    assertEquals(Invariant.SESSIONS, checker.finding().invariant());
  }

  @Test
  void aNewRunNumbersOnFromItsOpeningAndItsLinesAreItsOwn() {
    checker.onClientRun(0, 1, List.of("new 1", "new 2"));
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(0, 3, new Command.OpenSession(0, 2));
    checker.onExecute(0, 4, Command.Batch.of(new ChatLine(0, 3, 2, "new 1"), new ChatLine(0, 3, 3, "new 2")));
    checker.onAcknowledged(new Effect.Acknowledged(4, new ChatLine(0, 3, 3, "new 2")));
    assertNull(checker.finding());
  }

  @Test
  void anAcknowledgementOfAnUnexecutedLineIsCaught() {
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onAcknowledged(new Effect.Acknowledged(-1, line(0, 2, "b")));
    assertEquals(Invariant.ACKNOWLEDGED_KEPT, checker.finding().invariant());
  }

  @Test
  void anAcknowledgementOfALineWhoseSeqAnotherSessionTookIsCaught() {
    checker.onClientRun(0, 1, List.of("new"));
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onAcknowledged(new Effect.Acknowledged(2, new ChatLine(0, 7, 1, "a")));
    assertEquals(Invariant.ACKNOWLEDGED_KEPT, checker.finding().invariant());
  }

  @Test
  void anAcknowledgementNamingAnotherSlotIsCaught() {
    opened(0);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onAcknowledged(new Effect.Acknowledged(3, line(0, 1, "a")));
    assertEquals(Invariant.ACKNOWLEDGED_KEPT, checker.finding().invariant());
  }

  @Test
  void aLiveReplicaMissingAnAcknowledgedLineIsCaught() {
    opened(0);
    opened(1);
    checker.onExecute(0, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(1, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onAcknowledged(new Effect.Acknowledged(2, line(0, 1, "a")));
    checker.checkAcknowledgedEverywhere(new boolean[] {true, true, false});
    assertNull(checker.finding(), "replica 2 is down: it need not have the line");
    checker.checkAcknowledgedEverywhere(new boolean[] {true, true, true});
    assertEquals(Invariant.ACKNOWLEDGED_KEPT, checker.finding().invariant());
  }

  @Test
  void aRestartedReplicaThatKeptNothingWritesItsLogAgainFromSlotZero() {
    opened(2);
    checker.onExecute(2, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onRestart(2, 0);
    opened(2);
    checker.onExecute(2, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(2, 3, Command.Batch.of(line(0, 2, "b")));
    assertNull(checker.finding());
  }

  @Test
  void aRestartedReplicaContinuesTheLogItKeptWithItsSessions() {
    opened(2);
    checker.onExecute(2, 2, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(2, 3, Command.Batch.of(line(0, 2, "b")));
    checker.onRestart(2, 3);
    checker.onExecute(2, 3, Command.Batch.of(line(0, 2, "b")));
    assertNull(checker.finding());
    checker.onExecute(2, 4, Command.Batch.of(line(0, 2, "b")));
    assertEquals(Invariant.AT_MOST_ONCE, checker.finding().invariant(), "the kept prefix still counts for dedup");
  }
}
