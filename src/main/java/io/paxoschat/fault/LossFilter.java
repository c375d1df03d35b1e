package io.paxoschat.fault;

import io.paxoschat.paxos.WireMessage;
import java.util.SplittableRandom;

/**
 * Loses each network message with probability {@code p}. Only {@link WireMessage}s are network
 * traffic; timer ticks and notes between the roles of one replica never cross a wire.
 * Not thread-safe: one instance per receiving actor, which handles one message at a time.
 */
public final class LossFilter implements MessageFilter {

  static final String CAUSE = "loss";

  private final double probability;
  private final SplittableRandom random;

  public LossFilter(double probability, long seed) {
    if (!(probability >= 0 && probability < 1)) {
      throw new IllegalArgumentException("loss probability must be in [0, 1), got " + probability);
    }
    this.probability = probability;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public boolean drops(Object message) {
    return probability > 0 && message instanceof WireMessage && random.nextDouble() < probability;
  }
}
