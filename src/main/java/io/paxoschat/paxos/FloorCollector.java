package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.FloorQuery;
import io.paxoschat.paxos.AcceptorMessage.RejoinFloor;
import io.paxoschat.paxos.ProposerMessage.FloorAnswer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * For a rejoining acceptor, its proposer asks every other acceptor how far its slots go and, once
 * a majority of the others answered, tells its own acceptor a slot above all they hold. A slot
 * decided with the rejoining acceptor's vote before it lost its records was accepted by f others
 * as well, and any f + 1 of the 2f others include one of them: the floor is above that slot.
 */
final class FloorCollector {

  private final int id;
  private final int replicaCount;
  private final Random random;
  /**
   * Names this proposer's queries: an answer to an earlier incarnation's query (a replica that
   * rejoined, voted, and lost its disk again) may predate slots decided with its vote since.
   */
  private long nonce;
  private boolean asked;
  /** Per other acceptor, the highest slot it reported holding. */
  private final Map<Integer, Long> answers = new HashMap<>();

  FloorCollector(int id, int replicaCount, Random random) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.random = random;
  }

  void ask(Effects out) {
    if (!asked) {
      asked = true;
      nonce = random.nextLong();
    }
    for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
      if (acceptor != id) {
        out.send(Address.acceptor(acceptor), new FloorQuery(id, nonce));
      }
    }
  }

  void onAnswer(FloorAnswer answer, Effects out) {
    if (!asked || answer.nonce() != nonce || answer.acceptorId() == id || answer.acceptorId() < 0
        || answer.acceptorId() >= replicaCount) {
      return;
    }
    answers.merge(answer.acceptorId(), answer.highestSlot(), Math::max);
    if (answers.size() >= replicaCount / 2 + 1) {
      long highest = answers.values().stream().mapToLong(Long::longValue).max().orElse(-1);
      out.send(Address.acceptor(id), new RejoinFloor(highest + 1));
    }
  }
}
