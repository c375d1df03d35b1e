package io.paxoschat.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The owner locks of some replicas' files: {@code LOGS/replica-<id>.lock} guards its chat log
 * and the node files next to it, {@code DATA/replica-<id>.lock} its data directory. A replica
 * process holds its own two; {@code bin/simulate} holds those of every replica it runs or
 * clears. Taken all or none, and held until {@link #close}.
 */
public final class ReplicaLocks implements AutoCloseable {

  private final List<OwnerLock> locks;

  private ReplicaLocks(List<OwnerLock> locks) {
    this.locks = locks;
  }

  public static Path logLock(Path logDir, int replicaId) {
    return logDir.resolve("replica-" + replicaId + ".lock");
  }

  public static Path dataLock(Path dataDir, int replicaId) {
    return dataDir.resolve("replica-" + replicaId + ".lock");
  }

  /** The lock files of {@code replicaIds} in both directories, each once (they may be one directory). */
  public static Set<Path> files(Path logDir, Path dataDir, Collection<Integer> replicaIds) {
    Set<Path> files = new LinkedHashSet<>();
    for (int id : replicaIds) {
      files.add(logLock(logDir, id).toAbsolutePath().normalize());
      files.add(dataLock(dataDir, id).toAbsolutePath().normalize());
    }
    return files;
  }

  /**
   * Takes every lock of {@code replicaIds}.
   *
   * @throws OwnerLockHeldException if one is held (those taken so far are released again)
   */
  public static ReplicaLocks acquire(Path logDir, Path dataDir, Collection<Integer> replicaIds) {
    List<OwnerLock> taken = new ArrayList<>();
    try {
      for (Path file : files(logDir, dataDir, replicaIds)) {
        taken.add(OwnerLock.acquire(file));
      }
    } catch (RuntimeException e) {
      taken.forEach(OwnerLock::close);
      throw e;
    }
    return new ReplicaLocks(taken);
  }

  /** Fails like {@link #acquire} if any of them is held, and holds none afterwards. */
  public static void checkFree(Path logDir, Path dataDir, Collection<Integer> replicaIds) {
    for (Path file : files(logDir, dataDir, replicaIds)) {
      OwnerLock.checkFree(file);
    }
  }

  @Override
  public void close() {
    locks.forEach(OwnerLock::close);
  }
}
