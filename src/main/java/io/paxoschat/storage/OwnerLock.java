package io.paxoschat.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on a lock file ({@link FileChannel#tryLock}) that makes one program
 * the owner of the files it guards for as long as it runs. The file holds the owner's pid and
 * command line, so that a program refused can say who holds it. The lock goes with the process:
 * a program killed by SIGKILL leaves the file behind, unlocked, and the next owner takes it.
 *
 * <p>The file itself is never deleted: a program that deleted it while holding it would let a
 * second one create and lock a new file of the same name, and both would think they own it.
 */
public final class OwnerLock implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private OwnerLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} (creating it and its directory if needed) and writes this
   * process's pid and command line into it.
   *
   * @throws OwnerLockHeldException naming the holder, if another program (or this one) holds it
   * @throws StorageException if the file cannot be created or locked
   */
  public static OwnerLock acquire(Path file) {
    FileChannel channel;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot create the lock file: " + IoErrors.describe(e));
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM holds it already
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException(file + ": cannot lock: " + IoErrors.describe(e));
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new OwnerLockHeldException(file, holder(file));
    }
    try {
      byte[] owner = ("pid " + ProcessHandle.current().pid() + "\ncommand " + commandLine() + "\n")
          .getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      ByteBuffer buffer = ByteBuffer.wrap(owner);
      while (buffer.hasRemaining()) {
        channel.write(buffer, buffer.position());
      }
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException(file + ": cannot write the lock file: " + IoErrors.describe(e));
    }
    return new OwnerLock(file, channel, lock);
  }

  /** Whether another program (or this one) holds {@code file}; takes and releases it when free. */
  public static void checkFree(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    acquire(file).close();
  }

  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays (see the class comment). */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }

  /** "pid N (command ...)" as the holder wrote it, or what is known when it wrote nothing yet. */
  static String holder(Path file) {
    try {
      String pid = null;
      String command = null;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("pid ")) {
          pid = line.substring(4).trim();
        } else if (line.startsWith("command ")) {
          command = line.substring(8).trim();
        }
      }
      if (pid == null) {
        return "a program that has not written its pid yet";
      }
      if (String.valueOf(ProcessHandle.current().pid()).equals(pid)) {
        return "this process (pid " + pid + ")";
      }
      return "pid " + pid + (command == null || command.isEmpty() ? "" : " (" + command + ")");
    } catch (IOException e) {
      return "an unknown program (" + file + " unreadable: " + IoErrors.describe(e) + ")";
    }
  }

  /** The command line, shortened: a class path can be kilobytes long. */
  private static String commandLine() {
    String line = ProcessHandle.current().info().commandLine().orElse("java");
    line = line.replaceAll("-cp \\S+ ", "").replaceAll("-classpath \\S+ ", "").replaceAll("\\s+", " ");
    return line.length() <= 300 ? line : line.substring(0, 297) + "...";
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing held any more
    }
  }
}
