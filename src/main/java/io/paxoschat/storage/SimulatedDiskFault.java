package io.paxoschat.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A disk that fills up or turns read-only after a number of bytes, for testing how a replica
 * fails: every write of an acceptor log or chat log is charged here first. Off unless the JVM
 * is started with {@code -Dpaxoschat.test.disk-fault=full@BYTES} or {@code read-only@BYTES};
 * the errors are the ones Linux gives ({@code ENOSPC}, {@code EROFS}). A real small tmpfs would
 * need privileges that a test run does not have everywhere.
 */
public final class SimulatedDiskFault {

  public static final String PROPERTY = "paxoschat.test.disk-fault";
  private static final Pattern SPEC = Pattern.compile("(full|read-only)@(\\d{1,18})");

  private static final SimulatedDiskFault ACTIVE = parse(System.getProperty(PROPERTY));

  private final String error;
  private final AtomicLong bytesLeft;

  private SimulatedDiskFault(String error, long bytes) {
    this.error = error;
    this.bytesLeft = new AtomicLong(bytes);
  }

  static SimulatedDiskFault parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    Matcher m = SPEC.matcher(spec.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(PROPERTY + " wants full@BYTES or read-only@BYTES, got '" + spec + "'");
    }
    String error = m.group(1).equals("full") ? "No space left on device" : "Read-only file system";
    return new SimulatedDiskFault(error, Long.parseLong(m.group(2)));
  }

  /** Called before {@code bytes} are written to {@code file}; throws once the disk is "full". */
  public static void beforeWrite(Path file, int bytes) throws IOException {
    if (ACTIVE != null) {
      ACTIVE.charge(bytes);
    }
  }

  void charge(int bytes) throws IOException {
    if (bytesLeft.addAndGet(-bytes) < 0) {
      bytesLeft.set(-1);
      throw new IOException(error);
    }
  }
}
