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

  /** The next fault; {@code leader} is the replica that leads now, if any does. */
  public Fault next(OptionalLong leader) {
    String kind = kinds.get(random.nextInt(kinds.size()));
    return switch (kind) {
      case "kill" -> kill(leader);
      case "pause" -> leader.isPresent() && random.nextBoolean()
          ? new Fault.Pause((int) leader.getAsLong(), true)
          : new Fault.Pause(random.nextInt(replicas), false);
      case "loss" -> new Fault.Loss(loss);
      case "partition" -> new Fault.Partition(minority());
      case "restart-all" -> new Fault.RestartAll();
      default -> throw new IllegalStateException(kind);
    };
  }

  /** How long a fault lasts: between 30% and 80% of the interval between faults. */
  public long holdMillis(long intervalMillis) {
    return (long) (intervalMillis * (0.3 + 0.5 * random.nextDouble()));
  }

  private Fault kill(OptionalLong leader) {
    int count = 1 + random.nextInt(f);
    boolean withLeader = leader.isPresent() && random.nextBoolean();
    List<Integer> others = new ArrayList<>();
    for (int id = 0; id < replicas; id++) {
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

  private Set<Integer> minority() {
    List<Integer> all = new ArrayList<>();
    for (int id = 0; id < replicas; id++) {
      all.add(id);
    }
    Collections.shuffle(all, random);
    return new TreeSet<>(all.subList(0, 1 + random.nextInt(f)));
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
