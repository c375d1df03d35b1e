package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader shows every committed line once, in slot order, and survives a silent learner. */
class ChatReaderTest {

  private static final int ME = 4;
  private static final int POLL = 3;
  private static final int RETRY = 5;
  private static final ChatLine A = new ChatLine(0, 1, "a");
  private static final ChatLine B = new ChatLine(1, 1, "b");
  private static final ChatLine C = new ChatLine(0, 2, "c");

  private final ChatReader reader = new ChatReader(ME, 3, POLL, RETRY);

  private static Effect.Send ask(int replica, long fromSlot) {
    return new Effect.Send(Address.learner(replica), new ReadChat(ME, fromSlot, ChatReader.LINES_PER_READ));
  }

  private static List<Effect.Execute> shown(List<Effect> effects) {
    List<Effect.Execute> out = new ArrayList<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Execute execute) {
        out.add(execute);
      }
    }
    return out;
  }

  private List<Effect> ticks(int count) {
    List<Effect> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.addAll(reader.handle(Tick.INSTANCE));
    }
    return out;
  }

  @Test
  void asksTheFirstLearnerFromSlotZeroAndShowsWhatComesBack() {
    assertEquals(List.of(ask(0, 0)), reader.start());

    List<Effect> effects = reader.handle(
        new ChatEntries(0, 0, 3, 0, List.of(new ChatEntry(0, A), new ChatEntry(2, B))));

    assertEquals(List.of(new Effect.Execute(0, Command.Batch.of(A)), new Effect.Execute(2, Command.Batch.of(B))), shown(effects));
    assertEquals(3, reader.nextSlot());
    assertEquals(List.of(ask(0, 3)), effects.subList(2, 3), "news: ask again at once for more");
  }

  @Test
  void anAnswerWithNothingNewWaitsForThePollInterval() {
    reader.start();
    reader.handle(new ChatEntries(0, 0, 0, 0, List.of()));

    assertEquals(List.of(), ticks(POLL - 1));
    assertEquals(List.of(ask(0, 0)), ticks(1));
  }

  @Test
  void aSilentLearnerIsReplacedByTheNext() {
    reader.start();

    assertEquals(List.of(), ticks(RETRY - 1));
    assertEquals(List.of(ask(1, 0)), ticks(1));
    assertEquals(List.of(ask(2, 0)), ticks(RETRY));
  }

  @Test
  void overlappingAndDuplicateAnswersShowEachLineOnce() {
    reader.start();
    reader.handle(new ChatEntries(0, 0, 1, 0, List.of(new ChatEntry(0, A))));

    List<Effect> late = reader.handle(
        new ChatEntries(1, 0, 3, 0, List.of(new ChatEntry(0, A), new ChatEntry(2, B))));

    assertEquals(List.of(new Effect.Execute(2, Command.Batch.of(B))), shown(late));
    assertEquals(List.of(), shown(reader.handle(
        new ChatEntries(2, 0, 3, 0, List.of(new ChatEntry(0, A), new ChatEntry(2, B))))));
  }

  @Test
  void anAnswerThatWouldLeaveAHoleIsIgnored() {
    reader.start();

    List<Effect> effects = reader.handle(new ChatEntries(0, 5, 7, 0, List.of(new ChatEntry(6, C))));

    assertEquals(List.of(), effects);
    assertEquals(0, reader.nextSlot());
  }

  @Test
  void followsTheLeaderWhenNotWaitingForAnAnswer() {
    reader.start();
    reader.handle(new ChatEntries(0, 0, 0, 0, List.of()));
    reader.followLeader(4); // leader of view 4 on 3 replicas is replica 1

    assertEquals(List.of(ask(1, 0)), ticks(POLL));
  }
}
