package io.paxoschat.cluster;

import java.util.List;
import java.util.Set;

/** One fault a nemesis does to a cluster of processes, from its start until it is healed. */
public sealed interface Fault {

  /** What the progress lines and the summary call it. */
  String kind();

  String describe();

  /** A fault that hits nobody: every replica it could take was still starting. */
  default boolean isEmpty() {
    return false;
  }

  /** SIGKILL these replicas (at most f); they are started again from their data when healed. */
  record Kill(List<Integer> replicas, boolean leaderAmongThem) implements Fault {
    public String kind() {
      return "kill";
    }

    public String describe() {
      return isEmpty() ? "no kill (replicas still starting)"
          : "SIGKILL " + names(replicas) + (leaderAmongThem ? " (the leader among them)" : "");
    }

    @Override
    public boolean isEmpty() {
      return replicas.isEmpty();
    }
  }

  /** SIGSTOP one replica (at times the leader); SIGCONT when healed. -1: none. */
  record Pause(int replica, boolean leader) implements Fault {
    public String kind() {
      return "pause";
    }

    public String describe() {
      return isEmpty() ? "no pause (replicas still starting)"
          : "SIGSTOP replica-" + replica + (leader ? " (the leader)" : "");
    }

    @Override
    public boolean isEmpty() {
      return replica < 0;
    }
  }

  /** Every replica loses each message from another node with this probability. */
  record Loss(double probability) implements Fault {
    public String kind() {
      return "loss";
    }

    public String describe() {
      return "lose " + Math.round(probability * 100) + "% of messages";
    }
  }

  /** These replicas (a minority) and the rest hear nothing from each other. */
  record Partition(Set<Integer> minority) implements Fault {
    public String kind() {
      return "partition";
    }

    public String describe() {
      return isEmpty() ? "no partition (replicas still starting)"
          : "partition " + names(minority.stream().sorted().toList()) + " from the rest";
    }

    @Override
    public boolean isEmpty() {
      return minority.isEmpty();
    }
  }

  /** SIGKILL every replica at once, and start them all again from their data. */
  record RestartAll() implements Fault {
    public String kind() {
      return "restart-all";
    }

    public String describe() {
      return "SIGKILL every replica and restart them all";
    }
  }

  private static String names(List<Integer> replicas) {
    return String.join(",", replicas.stream().map(id -> "replica-" + id).toList());
  }
}
