package io.paxoschat.paxos;

import java.util.List;

/**
 * A crashed replica brought back from what it made durable. Every driver restarts a replica this
 * way, the actor shells from files and the simulator from what it keeps for them in memory:
 *
 * <ul>
 *   <li>its acceptor is the fold of its records in order ({@link Acceptor#recover}), so it keeps
 *       every promise and acceptance it answered;
 *   <li>its learner continues its chat log ({@link ExecutedPrefix}), its dedup table and its
 *       clients' open sessions included;
 *   <li>its proposer restarts as a follower of the view its acceptor promised, knowing what the
 *       learner executed ({@link Proposer#restart}): it never leads a view it may have led before.
 * </ul>
 */
public record RecoveredReplica(Acceptor acceptor, Learner learner) {

  /**
   * @param acceptor the acceptor its records were replayed into, in order
   * @param chatLog what its chat log holds
   */
  public static RecoveredReplica of(
      int id, int replicaCount, ProtocolSettings settings, Acceptor acceptor, ExecutedPrefix chatLog) {
    Learner learner = Learner.recover(id, replicaCount, settings, chatLog);
    return new RecoveredReplica(acceptor, learner);
  }

  /** The replica from its acceptor's records and its chat log. */
  public static RecoveredReplica of(int id, int replicaCount, ProtocolSettings settings,
      Iterable<AcceptorRecord> acceptorRecords, ExecutedPrefix chatLog) {
    return of(id, replicaCount, settings, Acceptor.recover(id, settings.maxMessageBytes(), acceptorRecords), chatLog);
  }

  /** The first effects of this replica's fresh {@code proposer}. */
  public List<Effect> restart(Proposer proposer) {
    return proposer.restart(acceptor.promised(), learner.nextToExecute());
  }

  /** Whether there is nothing behind this replica: it may start like a brand-new one. */
  public boolean isEmpty() {
    return acceptor.votes() && acceptor.promised().equals(Ballot.NONE) && learner.nextToExecute() == 0;
  }
}
