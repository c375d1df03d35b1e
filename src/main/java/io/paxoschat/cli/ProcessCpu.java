package io.paxoschat.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used by a process (all its threads, user and system). Benchmarks print it per line:
 * on a machine shared with other work it says what a line costs far more steadily than wall
 * time does.
 */
final class ProcessCpu {

  private ProcessCpu() {}

  /** This JVM's CPU time in nanoseconds, or -1 where the platform does not tell. */
  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The CPU time of the running process {@code pid} in nanoseconds, or -1 if it is gone or the platform does not tell. */
  static long nanosOf(long pid) {
    return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
        .map(Duration::toNanos).orElse(-1L);
  }
}
