package io.paxoschat.actor;

import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.storage.AcceptorLog;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageSettings;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replica starts from: its acceptor and learner, fresh or rebuilt from disk, and the
 * files that continue their history. Recovery reads files, so it runs before the replica's
 * actors start, on the caller's thread, never on a dispatcher.
 *
 * @param acceptorLog null with memory durability: nothing is written
 * @param acceptorRecords records in the acceptor log when it was opened
 * @param compaction rewrite the acceptor log once pruning left most of it dead
 */
public record ReplicaState(
    Acceptor acceptor,
    AcceptorLog acceptorLog,
    long acceptorRecords,
    Learner learner,
    ExecutionSink chatLog,
    boolean compaction) {

  private static final Logger log = LoggerFactory.getLogger(ReplicaState.class);

  /** A replica with nothing behind it, writing its chat log to {@code chatLog} and nothing else. */
  public static ReplicaState fresh(int id, int replicaCount, ProtocolSettings settings, ExecutionSink chatLog) {
    return new ReplicaState(new Acceptor(id), null, 0, new Learner(id, replicaCount, settings), chatLog, false);
  }

  /**
   * Rebuilds replica {@code id} from {@code storage.replicaDir(id)/acceptor.log} and its chat log
   * {@code logDir/replica-<id>.log}; missing files mean a replica that starts empty. Torn tails
   * are cut off and logged.
   *
   * @throws io.paxoschat.storage.StorageException if the acceptor log is corrupt
   * @throws io.paxoschat.chatlog.ChatLogException if the chat log is
   */
  public static ReplicaState recover(
      int id, int replicaCount, ProtocolSettings settings, StorageSettings storage, Path logDir) {
    Acceptor acceptor;
    AcceptorLog acceptorLog = null;
    long records = 0;
    if (storage.durability() == Durability.MEMORY) {
      acceptor = new Acceptor(id);
    } else {
      AcceptorLog.Recovered recovered = AcceptorLog.open(storage.replicaDir(id), storage.durability(), id);
      acceptor = recovered.acceptor();
      acceptorLog = recovered.log();
      records = recovered.replay().records();
    }
    ChatLogWriter writer;
    try {
      writer = ChatLogWriter.recover(logDir, id);
    } catch (RuntimeException e) {
      if (acceptorLog != null) {
        acceptorLog.close();
      }
      throw e;
    }
    ChatLogWriter.Recovered executed = writer.recovered();
    if (executed.repair() != null) {
      log.warn("{}", executed.repair());
    }
    Learner learner = Learner.recover(id, replicaCount, settings, executed.nextSlot(), executed.lastExecutedSeq());
    if (executed.nextSlot() > 0 || !acceptor.promised().equals(Ballot.NONE)) {
      log.info("replica {} recovered: promised {}, {} accepted slots (pruned below {}), {} executed slots",
          id, acceptor.promised(), acceptor.acceptedCount(), acceptor.prunedBelow(), executed.nextSlot());
    }
    ExecutionSink sink = new ChatLogSink(writer, storage.durability() == Durability.FSYNC);
    return new ReplicaState(acceptor, acceptorLog, records, learner, sink, storage.compaction());
  }

  /** Whether there is nothing behind this replica: it may start like a brand-new one. */
  public boolean isEmpty() {
    return acceptor.promised().equals(Ballot.NONE) && learner.nextToExecute() == 0;
  }
}
