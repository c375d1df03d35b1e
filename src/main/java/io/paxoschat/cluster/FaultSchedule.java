package io.paxoschat.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seeded choice of a nemesis's faults: which kind comes next, whom it hits, how long it lasts.
 * The same seed and the same leaders give the same faults.
 */
public final class FaultSchedule {

  /** The kinds a nemesis can do, by the names the command line uses. */
  public static final List<String> KINDS = List.of("kill", "pause", "loss", "partition", "restart-all");

  private final List<String> kinds;
  private final int replicas;
  private final int f;
  private final double loss;
  private final Random random;

  public FaultSchedule(List<String> kinds, int replicas, int f, double loss, long seed) {
    for (String kind : kinds) {
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException("unknown fault '" + kind + "' (one of " + String.join(", ", KINDS) + ")");
      }
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("name at least one fault");
    }
    this.kinds = List.copyOf(kinds);
    this.replicas = replicas;
    this.f = f;
    this.loss = loss;
    this.random = new Random(seed);
  }

  /**
   * The next fault; {@code leader} is the replica that leads now, if any does, and {@code ready}
   * the replicas whose roles run. A fault that takes replicas away (kill, pause, partition) takes
   * only ready ones and at most as many as keep f or fewer away in all, counting those still
   * starting; when none may go it takes none ({@link Fault#isEmpty()}).
   */
  public Fault next(OptionalLong leader, Set<Integer> ready) {
    String kind = kinds.get(random.nextInt(kinds.size()));
    int budget = f - (replicas - ready.size());
    OptionalLong readyLeader = leader.isPresent() && ready.contains((int) leader.getAsLong()) ? leader : OptionalLong.empty();
    return switch (kind) {
      case "kill" -> kill(readyLeader, ready, budget);
      case "pause" -> pause(readyLeader, ready, budget);
      case "loss" -> new Fault.Loss(loss);
      case "partition" -> new Fault.Partition(minority(ready, budget));
      case "restart-all" -> new Fault.RestartAll();
      default -> throw new IllegalStateException(kind);
    };
  }

  /** How long a fault lasts: between 30% and 80% of the interval between faults. */
  public long holdMillis(long intervalMillis) {
    return (long) (intervalMillis * (0.3 + 0.5 * random.nextDouble()));
  }

  private Fault kill(OptionalLong leader, Set<Integer> ready, int budget) {
    int count = Math.min(1 + random.nextInt(f), budget);
    boolean withLeader = leader.isPresent() && random.nextBoolean();
    if (count < 1) {
      return new Fault.Kill(List.of(), false);
    }
    List<Integer> others = new ArrayList<>();
    for (int id : new TreeSet<>(ready)) {
      if (!(withLeader && id == leader.getAsLong())) {
        others.add(id);
      }
    }
    Collections.shuffle(others, random);
    List<Integer> victims = new ArrayList<>();
    if (withLeader) {
      victims.add((int) leader.getAsLong());
    }
    victims.addAll(others.subList(0, count - victims.size()));
    Collections.sort(victims);
    boolean leaderHit = leader.isPresent() && victims.contains((int) leader.getAsLong());
    return new Fault.Kill(victims, leaderHit);
  }

  private Fault pause(OptionalLong leader, Set<Integer> ready, int budget) {
    boolean theLeader = leader.isPresent() && random.nextBoolean();
    List<Integer> candidates = new ArrayList<>(new TreeSet<>(ready));
    if (budget < 1 || candidates.isEmpty()) {
      return new Fault.Pause(-1, false);
    }
    int victim = theLeader ? (int) leader.getAsLong() : candidates.get(random.nextInt(candidates.size()));
    return new Fault.Pause(victim, theLeader);
  }

  private Set<Integer> minority(Set<Integer> ready, int budget) {
    List<Integer> candidates = new ArrayList<>(new TreeSet<>(ready));
    Collections.shuffle(candidates, random);
    int size = Math.min(1 + random.nextInt(f), Math.min(budget, candidates.size()));
    return new TreeSet<>(candidates.subList(0, Math.max(0, size)));
  }

  /** {@code kill,pause} from the command line. */
  public static List<String> parseKinds(String list) {
    List<String> kinds = new ArrayList<>();
    for (String kind : list.split(",")) {
      if (!kind.isBlank()) {
        kinds.add(kind.strip().toLowerCase(Locale.ROOT));
      }
    }
    return kinds;
  }
}
