package io.paxoschat.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a replica keeps its durable state.
 *
 * @param durability fsync per batch, write to the OS only, or memory only
 * @param dataDir each replica keeps {@code dataDir/replica-<id>/acceptor.log}
 * @param compaction rewrite the acceptor log to its live records once most of it is pruned
 */
public record StorageSettings(Durability durability, Path dataDir, boolean compaction) {

  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  public StorageSettings {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(dataDir, "dataDir");
  }

  public static StorageSettings defaults() {
    return new StorageSettings(Durability.FSYNC, DEFAULT_DATA_DIR, true);
  }

  public Path replicaDir(int replicaId) {
    return dataDir.resolve("replica-" + replicaId);
  }

  public StorageSettings withDataDir(Path dir) {
    return new StorageSettings(durability, dir, compaction);
  }

  /**
   * With a command line's {@code --data DIR} (null: none). The config's own data dir, when
   * relative, counts from the installation ({@code paxoschat.home}), so that every command of
   * one installation finds the same directory wherever it is started.
   */
  public StorageSettings withDataDirOption(Path option) {
    if (option != null) {
      return withDataDir(option);
    }
    return dataDir.isAbsolute() ? this
        : withDataDir(Path.of(System.getProperty("paxoschat.home", ".")).resolve(dataDir));
  }

  public StorageSettings withDurability(Durability newDurability) {
    return new StorageSettings(newDurability, dataDir, compaction);
  }

  public StorageSettings withCompaction(boolean on) {
    return new StorageSettings(durability, dataDir, on);
  }
}
