package io.paxoschat.sim;

import java.util.List;

/**
 * A named fault setting. The five original test cases of the project we grew from are our floor;
 * {@code --fail f} depends on the cluster, so a scenario says "f" rather than a number.
 *
 * @param failPrimaries how many primaries crash, or {@link #ALL_F} for as many as the cluster tolerates
 */
public record Scenario(String name, int failPrimaries, long skipSlot, double lossProbability) {

  public static final int ALL_F = -1;

  public static List<Scenario> originals() {
    return List.of(
        new Scenario("normal", 0, -1, 0),
        new Scenario("fail-1", 1, -1, 0),
        new Scenario("fail-f", ALL_F, -1, 0),
        new Scenario("skip-2", 0, 2, 0),
        new Scenario("loss-0.2", 0, -1, 0.2));
  }

  public int failPrimaries(int f) {
    return failPrimaries == ALL_F ? f : failPrimaries;
  }
}
