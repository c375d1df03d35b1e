package io.paxoschat.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerLockTest {

  @TempDir Path temp;

  @Test
  void theHolderWritesItsPidAndASecondOwnerIsRefusedWithItsName() throws Exception {
    Path file = temp.resolve("logs").resolve("replica-0.lock");
    try (OwnerLock lock = OwnerLock.acquire(file)) {
      String content = Files.readString(file);
      assertTrue(content.startsWith("pid " + ProcessHandle.current().pid() + "\n"), content);
      assertTrue(content.contains("\ncommand "), content);
      OwnerLockHeldException refused = assertThrows(OwnerLockHeldException.class, () -> OwnerLock.acquire(file));
      assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
      assertTrue(refused.getMessage().contains(temp.resolve("logs").toString()), refused.getMessage());
      assertThrows(OwnerLockHeldException.class, () -> OwnerLock.checkFree(file));
    }
    // Released: the next owner takes it, and the file stayed where it was.
    assertTrue(Files.exists(file));
    OwnerLock.acquire(file).close();
  }

  @Test
  void replicaLocksAreAllOrNone() {
    Path logs = temp.resolve("logs");
    Path data = temp.resolve("data");
    try (ReplicaLocks one = ReplicaLocks.acquire(logs, data, List.of(1))) {
      assertThrows(OwnerLockHeldException.class, () -> ReplicaLocks.acquire(logs, data, List.of(0, 1, 2)));
      // Replica 0's locks were taken before replica 1's failed; they were given back.
      ReplicaLocks.acquire(logs, data, List.of(0, 2)).close();
    }
  }

  @Test
  void logsAndDataInOneDirectoryShareTheLock() {
    try (ReplicaLocks locks = ReplicaLocks.acquire(temp, temp, List.of(0))) {
      assertEquals(1, ReplicaLocks.files(temp, temp, List.of(0)).size());
    }
  }

  @Test
  void aDirectoryThatCannotExistIsAStorageError() {
    StorageException e = assertThrows(StorageException.class,
        () -> OwnerLock.acquire(Path.of("/dev/null/x/replica-0.lock")));
    assertTrue(e.getMessage().startsWith("/dev/null/x/replica-0.lock: cannot create the lock file"), e.getMessage());
  }
}
