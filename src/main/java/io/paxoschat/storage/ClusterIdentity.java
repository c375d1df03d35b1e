package io.paxoschat.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which cluster a replica's files belong to: a random id made once when a cluster starts empty
 * ({@code bin/cluster start}, {@code bin/replica --init}), kept next to each of its two kinds of
 * files, {@code DATA/replica-<id>/cluster-id} beside the acceptor log and
 * {@code LOGS/replica-<id>.cluster-id} beside the chat log. A replica whose two files name
 * different clusters was given another cluster's files, and refuses them.
 */
public final class ClusterIdentity {

  private static final Pattern ID = Pattern.compile("[0-9a-zA-Z][0-9a-zA-Z._-]{0,63}");
  public static final String DATA_FILE = "cluster-id";

  private ClusterIdentity() {}

  public static String random() {
    return UUID.randomUUID().toString();
  }

  /** Null if {@code id} may name a cluster, else what is wrong with it. */
  public static String problemWith(String id) {
    return ID.matcher(id).matches() ? null
        : "a cluster id is 1-64 letters, digits, '.', '_' or '-', got '" + id + "'";
  }

  public static Path dataFile(StorageSettings storage, int replicaId) {
    return storage.replicaDir(replicaId).resolve(DATA_FILE);
  }

  public static Path logFile(Path logDir, int replicaId) {
    return logDir.resolve("replica-" + replicaId + ".cluster-id");
  }

  /** The id in {@code file}; empty if there is none. */
  public static Optional<String> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String id = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (problemWith(id) != null) {
        throw new StorageException(file + ": not a cluster id (" + id.length() + " characters); refusing to guess"
            + " which cluster this replica belongs to");
      }
      return Optional.of(id);
    } catch (IOException e) {
      throw new StorageWriteException(file + ": cannot read: " + IoErrors.describe(e), e);
    }
  }

  /** Writes {@code id} to {@code file} durably (write, fsync, rename). */
  public static void write(Path file, String id) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      SimulatedDiskFault.beforeWrite(temp, id.length() + 1);
      Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      AcceptorLog.forceDirectory(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new StorageWriteException(file + ": cannot write: " + IoErrors.describe(e), e);
    }
  }
}
