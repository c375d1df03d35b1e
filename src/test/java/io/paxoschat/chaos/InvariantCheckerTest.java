package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

  private static final Command NOOP = Command.Noop.INSTANCE;
  private final InvariantChecker checker =
      new InvariantChecker(3, List.of(List.of("a", "b", "c"), List.of("x")));

  private static ChatLine line(int client, long seq, String text) {
    return new ChatLine(client, seq, text);
  }

  @Test
  void identicalLogsPass() {
    for (int replica = 0; replica < 3; replica++) {
      checker.onExecute(replica, 0, Command.Batch.of(line(0, 1, "a")));
      checker.onExecute(replica, 1, NOOP);
      checker.onExecute(replica, 2, Command.Batch.of(line(1, 1, "x")));
      checker.onExecute(replica, 3, Command.Batch.of(line(0, 2, "b")));
    }
    checker.onAcknowledged(0, 2);
    checker.checkAcknowledgedEverywhere(new boolean[] {true, true, true}, new long[] {2, 1});
    assertNull(checker.finding());
    assertEquals(4, checker.longestLog());
  }

  @Test
  void twoCommandsAtOneSlotBreakAgreement() {
    checker.onExecute(0, 0, Command.Batch.of(line(0, 1, "a")));
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
    checker.onExecute(0, 0, Command.Batch.of(line(0, 1, "not a")));
    assertEquals(Invariant.VALIDITY, checker.finding().invariant());
  }

  @Test
  void aLineExecutedTwiceBreaksAtMostOnce() {
    checker.onExecute(0, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(0, 1, Command.Batch.of(line(0, 1, "a")));
    assertEquals(Invariant.AT_MOST_ONCE, checker.finding().invariant());
  }

  @Test
  void aLineBeforeItsPredecessorBreaksClientOrder() {
    checker.onExecute(0, 0, Command.Batch.of(line(0, 2, "b")));
    assertEquals(Invariant.CLIENT_ORDER, checker.finding().invariant());
  }

  @Test
  void anAcknowledgementOfAnUnexecutedLineIsCaught() {
    checker.onExecute(0, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onAcknowledged(0, 2);
    assertEquals(Invariant.ACKNOWLEDGED_KEPT, checker.finding().invariant());
  }

  @Test
  void aLiveReplicaMissingAnAcknowledgedLineIsCaught() {
    checker.onExecute(0, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(1, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onAcknowledged(0, 1);
    checker.checkAcknowledgedEverywhere(new boolean[] {true, true, false}, new long[] {1, 0});
    assertNull(checker.finding(), "replica 2 is down: it need not have the line");
    checker.checkAcknowledgedEverywhere(new boolean[] {true, true, true}, new long[] {1, 0});
    assertEquals(Invariant.ACKNOWLEDGED_KEPT, checker.finding().invariant());
  }

  @Test
  void aRestartedReplicaThatKeptNothingWritesItsLogAgainFromSlotZero() {
    checker.onExecute(2, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onRestart(2, 0);
    checker.onExecute(2, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(2, 1, Command.Batch.of(line(0, 2, "b")));
    assertNull(checker.finding());
  }

  @Test
  void aRestartedReplicaContinuesTheLogItKept() {
    checker.onExecute(2, 0, Command.Batch.of(line(0, 1, "a")));
    checker.onExecute(2, 1, Command.Batch.of(line(0, 2, "b")));
    checker.onRestart(2, 1);
    checker.onExecute(2, 1, Command.Batch.of(line(0, 2, "b")));
    assertNull(checker.finding());
    checker.onExecute(2, 2, Command.Batch.of(line(0, 2, "b")));
    assertEquals(Invariant.AT_MOST_ONCE, checker.finding().invariant(), "the kept prefix still counts for dedup");
  }
}
