package io.paxoschat.actor;

import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.storage.AcceptorLog;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageException;
import io.paxoschat.storage.StorageSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    return open(id, replicaCount, settings, storage, logDir, false);
  }

  /**
   * Replica {@code id} back from a lost disk ({@code bin/replica --rejoin}): its acceptor log
   * must be gone (the caller deleted it), and its acceptor starts empty and does not vote until
   * it is safe ({@link Acceptor#rejoining}). Its chat log, if one is left, holds only decided
   * slots and is continued; otherwise the learner catches up from its peers.
   *
   * <p>The record that says "rejoining" is queued before the acceptor's actor starts, ahead of
   * every answer it will ever give; if the process dies before it is written, the replica finds
   * an empty acceptor log next time and refuses to start until it is told to rejoin again.
   */
  public static ReplicaState rejoin(
      int id, int replicaCount, ProtocolSettings settings, StorageSettings storage, Path logDir) {
    if (storage.durability() == Durability.MEMORY) {
      throw new IllegalArgumentException("memory durability cannot rejoin: it keeps no acceptor log");
    }
    return open(id, replicaCount, settings, storage, logDir, true);
  }

  private static ReplicaState open(
      int id, int replicaCount, ProtocolSettings settings, StorageSettings storage, Path logDir, boolean rejoin) {
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
      if (rejoin) {
        if (records > 0) {
          acceptorLog.close();
          throw new StorageException(acceptorLog.file() + ": a rejoining replica must start without an acceptor log");
        }
        List<Effect> first = new ArrayList<>();
        acceptor = Acceptor.rejoining(id, settings.maxInFlight(), first);
        for (Effect effect : first) {
          acceptorLog.append(((Effect.Persist) effect).record());
          records++;
        }
      }
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
    if (!rejoin && executed.nextSlot() > 0 && records == 0 && storage.durability() != Durability.MEMORY) {
      // Its learner executed slots, so its acceptor took part; with none of its promises left
      // it could promise a lower ballot or accept a value against one it chose before.
      writer.abandon();
      acceptorLog.close();
      throw new StorageException("replica-" + id + ": its chat log " + writer.file() + " shows "
          + executed.nextSlot() + " executed slots but its acceptor log " + acceptorLog.file()
          + " is missing or empty: an acceptor that forgot its promises can break agreement;"
          + " if its disk was lost, start it with --rejoin");
    }
    if (executed.repair() != null) {
      log.warn("{}", executed.repair());
    }
    Learner learner = Learner.recover(id, replicaCount, settings, executed.nextSlot(), executed.lastExecutedSeq(),
        executed.sessions());
    if (executed.nextSlot() > 0 || !acceptor.promised().equals(Ballot.NONE)) {
      log.info("replica {} recovered: promised {}, {} accepted slots (pruned below {}), {} executed slots",
          id, acceptor.promised(), acceptor.acceptedCount(), acceptor.prunedBelow(), executed.nextSlot());
    }
    ExecutionSink sink = new ChatLogSink(writer, storage.durability() == Durability.FSYNC);
    return new ReplicaState(acceptor, acceptorLog, records, learner, sink, storage.compaction());
  }

  /** Whether there is nothing behind this replica: it may start like a brand-new one. */
  public boolean isEmpty() {
    return acceptor.votes() && acceptor.promised().equals(Ballot.NONE) && learner.nextToExecute() == 0;
  }
}
