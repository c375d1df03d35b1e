package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A learner answers readers of the chat from what it executed, in bounded chunks. */
class LearnerReadChatTest {

  private static final int ME = 2;
  private static final ChatLine ALICE_1 = new ChatLine(0, 1, "hello");
  private static final ChatLine ALICE_2 = new ChatLine(0, 2, "anyone?");
  private static final ChatLine BOB_1 = new ChatLine(1, 1, "hi");

  private final Learner learner = new Learner(ME, 3, ProtocolSettings.defaults());

  private ChatEntries ask(int clientId, long fromSlot, int maxEntries) {
    List<Effect> effects = learner.handle(new ReadChat(clientId, fromSlot, maxEntries));
    assertEquals(1, effects.size(), "one answer: " + effects);
    Effect.Send send = (Effect.Send) effects.get(0);
    assertEquals(Address.client(clientId), send.to(), "the answer goes to the asking client");
    return (ChatEntries) send.message();
  }

  private void decide(long slot, Command command) {
    learner.handle(new Decision(slot, command));
  }

  @Test
  void answersTheExecutedLinesFromASlotSkippingNoops() {
    decide(0, Command.Batch.of(ALICE_1));
    decide(1, Command.Noop.INSTANCE);
    decide(2, Command.Batch.of(BOB_1));
    decide(3, Command.Batch.of(ALICE_2));

    ChatEntries all = ask(1, 0, 100);
    assertEquals(new ChatEntries(ME, 0, 4, 1,
        List.of(new ChatEntry(0, ALICE_1), new ChatEntry(2, BOB_1), new ChatEntry(3, ALICE_2))), all);

    ChatEntries tail = ask(0, 1, 100);
    assertEquals(List.of(new ChatEntry(2, BOB_1), new ChatEntry(3, ALICE_2)), tail.entries());
    assertEquals(4, tail.nextSlot());
    assertEquals(2, tail.clientLastSeq(), "alice's last executed seq");
  }

  @Test
  void aDecidedButUnexecutedSlotIsNotShown() {
    decide(0, Command.Batch.of(ALICE_1));
    decide(2, Command.Batch.of(BOB_1)); // slot 1 missing: slot 2 cannot execute yet

    ChatEntries answer = ask(1, 0, 100);
    assertEquals(List.of(new ChatEntry(0, ALICE_1)), answer.entries());
    assertEquals(1, answer.nextSlot(), "covers only what executed");
    assertEquals(0, answer.clientLastSeq());
  }

  @Test
  void aLineDecidedTwiceIsShownOnce() {
    decide(0, Command.Batch.of(ALICE_1));
    decide(1, Command.Batch.of(ALICE_1)); // a retry decided again executes as a no-op

    assertEquals(List.of(new ChatEntry(0, ALICE_1)), ask(0, 0, 100).entries());
  }

  @Test
  void aReaderAheadOfThisLearnerLearnsNothing() {
    decide(0, Command.Batch.of(ALICE_1));

    ChatEntries answer = ask(0, 5, 100);
    assertEquals(List.of(), answer.entries());
    assertEquals(5, answer.nextSlot());
    assertEquals(5, answer.fromSlot());
  }

  @Test
  void zeroEntriesOnlyReportsTheClientsLastSeq() {
    decide(0, Command.Batch.of(ALICE_1));
    decide(1, Command.Batch.of(ALICE_2));

    ChatEntries answer = ask(0, 0, 0);
    assertEquals(new ChatEntries(ME, 0, 0, 2, List.of()), answer);
  }

  @Test
  void answersCarryAtMostTheLinesAskedForAndResumeWhereTheyStopped() {
    int lines = ChatReader.LINES_PER_READ + 10;
    for (int i = 0; i < lines; i++) {
      decide(i, Command.Batch.of(new ChatLine(0, i + 1, "line " + i)));
    }

    ChatEntries first = ask(0, 0, ChatReader.LINES_PER_READ);
    assertEquals(ChatReader.LINES_PER_READ, first.entries().size());
    assertEquals(ChatReader.LINES_PER_READ, first.nextSlot());
    ChatEntries second = ask(0, first.nextSlot(), ChatReader.LINES_PER_READ);
    assertEquals(10, second.entries().size());
    assertEquals(lines, second.nextSlot());
    assertEquals(ChatReader.LINES_PER_READ, second.entries().get(0).slot());
  }

  @Test
  void aReaderThatAsksForAnyNumberIsBoundOnlyByBytes() {
    int lines = 3_000; // about 165 KiB in wire units, over the default bound
    for (int i = 0; i < lines; i++) {
      decide(i, Command.Batch.of(new ChatLine(0, i + 1, "line " + i)));
    }

    ChatEntries first = ask(0, 0, Integer.MAX_VALUE);
    int bytes = first.entries().stream().mapToInt(e -> WireSize.of(e.line())).sum();
    assertTrue(bytes <= ProtocolSettings.defaults().maxMessageBytes(), bytes + " bytes in one answer");
    assertTrue(first.entries().size() > ChatReader.LINES_PER_READ, "no count bound of the learner's own");
    assertEquals(first.entries().size(), first.nextSlot());
  }

  @Test
  void longLinesAreChunkedByBytesSoAnAnswerFitsOneFrame() {
    String kib = "x".repeat(1024);
    for (int i = 0; i < 200; i++) {
      decide(i, Command.Batch.of(new ChatLine(0, i + 1, kib)));
    }

    ChatEntries answer = ask(0, 0, 1000);
    int bytes = answer.entries().stream().mapToInt(e -> WireSize.of(e.line())).sum();
    int budget = ProtocolSettings.defaults().maxMessageBytes();
    assertTrue(bytes <= budget, bytes + " bytes in one answer");
    assertTrue(bytes + WireSize.of(new ChatLine(0, 1, kib)) > budget, "the answer is as full as the bound allows");
    assertEquals(answer.entries().size(), answer.nextSlot(), "the next answer starts at the first line left out");
  }

  @Test
  void oneLineLongerThanTheBudgetStillTravelsAlone() {
    String huge = "y".repeat(ProtocolSettings.defaults().maxMessageBytes() + 1);
    decide(0, Command.Batch.of(new ChatLine(0, 1, huge)));
    decide(1, Command.Batch.of(new ChatLine(0, 2, "small")));

    ChatEntries answer = ask(0, 0, 100);
    assertEquals(1, answer.entries().size());
    assertEquals(1, answer.nextSlot());
  }

  @Test
  void anAnswerNeverSplitsTheLinesOfOneSlot() {
    decide(0, Command.Batch.of(ALICE_1, BOB_1));
    decide(1, Command.Batch.of(ALICE_2, new ChatLine(1, 2, "bob again")));

    ChatEntries first = ask(0, 0, 3);
    assertEquals(List.of(new ChatEntry(0, ALICE_1), new ChatEntry(0, BOB_1)), first.entries());
    assertEquals(1, first.nextSlot(), "slot 1 would not fit whole, so the next answer starts there");
    ChatEntries second = ask(0, first.nextSlot(), 3);
    assertEquals(2, second.entries().size());
    assertEquals(2, second.nextSlot());
  }

  @Test
  void catchUpRepliesAreBoundedByBytesToo() {
    String kib = "z".repeat(1024);
    for (int i = 0; i < 200; i++) {
      decide(i, Command.Batch.of(new ChatLine(0, i + 1, kib)));
    }

    List<Effect> effects = learner.handle(new CatchUpRequest(0, 0));
    CatchUpReply reply = (CatchUpReply) ((Effect.Send) effects.get(0)).message();
    int bytes = reply.decisions().stream().mapToInt(d -> WireSize.of(d.command())).sum();
    assertTrue(bytes <= ProtocolSettings.defaults().maxMessageBytes(), bytes + " bytes in one reply");
    assertTrue(reply.decisions().size() < 200, "the reply is cut");
    assertEquals(0, reply.decisions().get(0).slot());
  }

  @Test
  void slotsNoLongerInMemoryAreReadFromTheChatLog() {
    decide(0, Command.Batch.of(ALICE_1));
    decide(1, Command.Batch.of(BOB_1));
    decide(2, Command.Batch.of(ALICE_2));
    learner.handle(new LearnerMessage.LeaderInfo(0, 3, 2)); // every replica executed slots 0 and 1

    ReadChat old = new ReadChat(1, 0, 100);
    assertEquals(List.of(new Effect.ChatFromLog(old, 3, 1)), learner.handle(old));
    ChatEntries recent = ask(1, 2, 100);
    assertEquals(List.of(new ChatEntry(2, ALICE_2)), recent.entries(), "what is in memory is answered from there");
  }

  @Test
  void aRestartedLearnerReadsEverythingBeforeItsRestartFromTheLog() {
    Learner restarted = Learner.recover(ME, 3, ProtocolSettings.defaults(), 5, java.util.Map.of(0, 2L));
    ReadChat read = new ReadChat(0, 0, 10);

    assertEquals(List.of(new Effect.ChatFromLog(read, 5, 2)), restarted.handle(read));
  }

  @Test
  void anAnswerFromTheLogKeepsTheLinesAndCoversTheNoops() {
    ReadChat read = new ReadChat(3, 10, 2);
    Effect.ChatFromLog request = new Effect.ChatFromLog(read, 20, 7);
    List<Command> executed = List.of(Command.Batch.of(ALICE_1), Command.Noop.INSTANCE, Command.Batch.of(BOB_1),
        Command.Batch.of(ALICE_2));

    ChatEntries answer = Learner.chatFromLog(ME, ProtocolSettings.defaults(), request, executed);

    assertEquals(new ChatEntries(ME, 10, 13, 7, List.of(new ChatEntry(10, ALICE_1), new ChatEntry(12, BOB_1))),
        answer, "two lines at most; the next answer starts at the third");
    assertEquals(14, Learner.chatFromLog(ME, ProtocolSettings.defaults(), new Effect.ChatFromLog(new ReadChat(3, 10, 100), 20, 7), executed)
        .nextSlot());
  }
}
