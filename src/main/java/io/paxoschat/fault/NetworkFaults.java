package io.paxoschat.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Faults of the network in front of one node process that can change while it runs: each
 * message from another node is lost with some probability, and messages from nodes cut off by a
 * partition are all lost. Only a replica started for a nemesis ({@code --nemesis-control FILE})
 * has switchable faults; every other node has {@link #NONE}, which never drops anything.
 *
 * <p>What the nemesis writes, one setting a line ({@code #} starts a comment):
 * <pre>
 * loss 0.1                   lose each message from another node with probability 0.1
 * cut replica-0 replica-3    lose every message from these nodes (one side of a partition)
 * </pre>
 * An empty or missing file means a healthy network.
 */
public final class NetworkFaults {

  /** The faults of a node that was not started for a nemesis: none, and they never change. */
  public static final NetworkFaults NONE = new NetworkFaults(false);

  /** One setting of the faults, as read from a control file. */
  public record Setting(double loss, Set<String> cutOff) {

    public static final Setting HEALTHY = new Setting(0, Set.of());

    public Setting {
      if (!(loss >= 0 && loss < 1)) {
        throw new IllegalArgumentException("loss must be in [0, 1), got " + loss);
      }
      cutOff = Set.copyOf(cutOff);
    }

    /** The control file's text for this setting. */
    public String format() {
      StringBuilder text = new StringBuilder();
      if (loss > 0) {
        text.append("loss ").append(loss).append('\n');
      }
      if (!cutOff.isEmpty()) {
        text.append("cut ").append(String.join(" ", cutOff.stream().sorted().toList())).append('\n');
      }
      return text.toString();
    }

    /**
     * Reads a control file's text.
     *
     * @throws IllegalArgumentException naming the line it cannot read
     */
    public static Setting parse(String text) {
      double loss = 0;
      List<String> cut = new ArrayList<>();
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] words = line.split("\\s+");
        switch (words[0]) {
          case "loss" -> {
            if (words.length != 2) {
              throw new IllegalArgumentException("expected 'loss P', got '" + line + "'");
            }
            try {
              loss = Double.parseDouble(words[1]);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("loss '" + words[1] + "' is not a number");
            }
          }
          case "cut" -> cut.addAll(List.of(words).subList(1, words.length));
          default -> throw new IllegalArgumentException("unknown setting '" + words[0] + "' (loss, cut)");
        }
      }
      return new Setting(loss, Set.copyOf(cut));
    }
  }

  private final boolean switchable;
  private volatile Setting current = Setting.HEALTHY;

  private NetworkFaults(boolean switchable) {
    this.switchable = switchable;
  }

  /** Faults that a nemesis switches while the node runs; healthy to begin with. */
  public static NetworkFaults switchable() {
    return new NetworkFaults(true);
  }

  public void set(Setting setting) {
    if (!switchable) {
      throw new IllegalStateException("these faults cannot be switched: the node was not started for a nemesis");
    }
    current = setting;
  }

  public Setting current() {
    return current;
  }

  public boolean isSwitchable() {
    return switchable;
  }

  /**
   * Whether a message from node {@code fromName} is lost on its way in. {@code random} belongs to
   * the receiving actor (one stream per actor, so actors do not contend for it).
   */
  public boolean drops(String fromName, SplittableRandom random) {
    Setting setting = current;
    if (setting.cutOff().contains(fromName)) {
      return true;
    }
    return setting.loss() > 0 && random.nextDouble() < setting.loss();
  }
}
