package io.paxoschat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads, summed by what they do, read from Linux's
 * {@code /proc/self/task/<tid>/schedstat} (nanoseconds on a core) and {@code comm} (the thread's
 * name, cut to 15 characters). A benchmark's process CPU also holds the JIT compilers, whose
 * work lands on whichever run happens to trigger it; these groups tell that apart from the work
 * of the run itself. Elsewhere than Linux every group reads 0 ({@link #available()} false).
 */
final class ThreadGroupCpu {

  /**
   * What a thread does, told by its name: the groups whose threads outlive a run (or, for the
   * writer, are read before it ends). The rest of a run's CPU (actors, storage threads, the
   * main thread) goes with threads that end with the run's actor system: the process's CPU less
   * these groups.
   */
  enum Group {
    /** The event record's writer. */
    WRITER,
    /** The garbage collector's threads and the VM thread that runs its pauses. */
    GC,
    /** C1 and C2. */
    JIT;

    static Group of(String name) {
      if (name.startsWith("event-record")) {
        return WRITER;
      } else if (name.startsWith("GC Thread") || name.equals("VM Thread")) {
        return GC;
      } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
        return JIT;
      }
      return null;
    }
  }

  private static final Path TASKS = Path.of("/proc/self/task");

  private ThreadGroupCpu() {}

  static boolean available() {
    return Files.isDirectory(TASKS);
  }

  /**
   * Nanoseconds on a core so far of the grouped threads alive now. A thread that ended took its
   * time with it: read before the threads of a run end.
   */
  static Map<Group, Long> now() {
    Map<Group, Long> cpu = new EnumMap<>(Group.class);
    for (Group group : Group.values()) {
      cpu.put(group, 0L);
    }
    if (!available()) {
      return cpu;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String schedstat = Files.readString(task.resolve("schedstat"));
          long onCpu = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
          Group group = Group.of(name);
          if (group != null) {
            cpu.merge(group, onCpu, Long::sum);
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended while we listed it: its time is gone either way.
        }
      });
    } catch (IOException e) {
      // No task list to read: every group stays 0.
    }
    return cpu;
  }

  /** {@code after - before}, group by group. */
  static Map<Group, Long> since(Map<Group, Long> before, Map<Group, Long> after) {
    Map<Group, Long> delta = new EnumMap<>(Group.class);
    for (Group group : Group.values()) {
      delta.put(group, after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L));
    }
    return delta;
  }
}
