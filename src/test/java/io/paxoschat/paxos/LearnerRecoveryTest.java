package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A learner rebuilt from its chat log, one that pruned its memory, and catch-up across both. */
class LearnerRecoveryTest {

  private static final int N = 3;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(30).clientWindow(8).build();

  private static List<Effect.Execute> executed(List<Effect> effects) {
    return effects.stream().filter(Effect.Execute.class::isInstance).map(Effect.Execute.class::cast).toList();
  }

  private static <T> List<T> sent(List<Effect> effects, Class<T> type) {
    return effects.stream().filter(Effect.Send.class::isInstance).map(e -> ((Effect.Send) e).message())
        .filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aRecoveredLearnerContinuesAtItsNextSlotWithItsDedupTable() {
    Learner learner = Learner.recover(0, N, SETTINGS, 5, Map.of(7, 3L));
    ChatLine again = new ChatLine(7, 3, "third, decided twice");
    ChatLine next = new ChatLine(7, 4, "fourth");

    List<Effect> old = learner.handle(new Decision(4, Command.Batch.of(next)));
    List<Effect> effects = new ArrayList<>(learner.handle(new Decision(5, Command.Batch.of(again))));
    effects.addAll(learner.handle(new Decision(6, Command.Batch.of(next))));

    assertEquals(List.of(), executed(old), "slot 4 is already in the log");
    assertEquals(List.of(new Effect.Execute(5, Command.Noop.INSTANCE), new Effect.Execute(6, Command.Batch.of(next))), executed(effects));
    assertEquals(7, learner.nextToExecute());
  }

  @Test
  void aRecoveredLearnerAnswersARetryOfAnExecutedLineAtOnce() {
    Learner learner = Learner.recover(0, N, SETTINGS, 5, Map.of(7, 3L));

    List<Effect> effects = learner.handle(ClientRequest.of(new ChatLine(7, 2, "old")));

    assertEquals(List.of(new ClientReply(7, -1, 3, -1, 0, 0)), sent(effects, ClientReply.class));
  }

  @Test
  void catchUpBelowWhatTheLearnerKeepsIsServedFromTheLog() {
    Learner learner = Learner.recover(1, N, SETTINGS, 100, Map.of());

    List<Effect> effects = learner.handle(new CatchUpRequest(2, 40));

    assertEquals(List.of(new Effect.SendFromLog(Address.learner(2), 40, 100)), effects);
  }

  @Test
  void slotsBelowTheCompactionPointLeaveMemoryAndAreServedFromTheLog() {
    Learner learner = new Learner(1, N, SETTINGS);
    for (long slot = 0; slot < 10; slot++) {
      learner.handle(new Decision(slot, Command.Batch.of(new ChatLine(3, slot + 1, "l" + slot))));
    }

    learner.handle(new LeaderInfo(0, 10, 6));

    assertEquals(6, learner.historyStart());
    assertEquals(List.of(new Effect.SendFromLog(Address.learner(0), 5, 10)),
        learner.handle(new CatchUpRequest(0, 5)));
    List<CatchUpReply> replies = sent(learner.handle(new CatchUpRequest(0, 6)), CatchUpReply.class);
    assertEquals(List.of(6L, 7L, 8L, 9L), replies.get(0).decisions().stream().map(Decision::slot).toList());
  }

  @Test
  void theCompactionPointNeverPrunesWhatTheLearnerHasNotExecuted() {
    Learner learner = new Learner(1, N, SETTINGS);
    learner.handle(new Decision(0, Command.Noop.INSTANCE));

    learner.handle(new LeaderInfo(0, 10, 8));

    assertEquals(1, learner.historyStart());
  }

  @Test
  void aLaggingLearnerAsksForTheNextChunkAsSoonAsOneArrives() {
    Learner learner = new Learner(2, N, SETTINGS);
    learner.handle(new LeaderInfo(0, 5_000, 0));
    CatchUpRequest first = null;
    for (int tick = 0; tick < 20 && first == null; tick++) {
      List<CatchUpRequest> requests = sent(learner.handle(LearnerMessage.Tick.INSTANCE), CatchUpRequest.class);
      first = requests.isEmpty() ? null : requests.get(0);
    }
    assertEquals(new CatchUpRequest(2, 0), first);

    List<Decision> chunk = new ArrayList<>();
    for (long slot = 0; slot < 100; slot++) {
      chunk.add(new Decision(slot, Command.Noop.INSTANCE));
    }
    List<Effect> effects = learner.handle(new CatchUpReply(chunk));

    assertEquals(List.of(new CatchUpRequest(2, 100)), sent(effects, CatchUpRequest.class));
  }
}
