package io.paxoschat.cli;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.fault.InjectedFaults;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The one place that checks the fault flags every node command shares, and names them back. */
final class FaultFlags {

  private FaultFlags() {}

  /** The faults {@code --fail --skip --loss --seed} ask for, or a one-line usage error. */
  static InjectedFaults plan(int fail, Long skip, double loss, Long seed, ClusterConfig config, Path configFile) {
    if (fail < 0 || fail > config.f()) {
      throw new UsageException("--fail must be in 0.." + config.f() + " (f of " + configFile + "), got " + fail);
    }
    if (skip != null && skip < 0) {
      throw new UsageException("--skip must name a slot (0 or more), got " + skip);
    }
    if (!(loss >= 0 && loss < 1)) {
      throw new UsageException("--loss must be in [0, 1), got " + loss);
    }
    return new InjectedFaults(fail, skip == null ? -1 : skip, loss, seedOrRandom(seed));
  }

  static long seedOrRandom(Long seed) {
    return seed != null ? seed : new SecureRandom().nextLong() >>> 1;
  }

  /** "--fail 1, --loss 0.2" for the faults that are on, or "none": a report's header. */
  static String listed(InjectedFaults faults) {
    String described = describe(faults);
    return described.isEmpty() ? "none" : described.substring(", ".length());
  }

  /** ", --fail 1, --loss 0.2" for the faults that are on; empty for none. */
  static String describe(InjectedFaults faults) {
    StringBuilder text = new StringBuilder();
    if (faults.failPrimaries() > 0) {
      text.append(", --fail ").append(faults.failPrimaries());
    }
    if (faults.skipSlot() >= 0) {
      text.append(", --skip ").append(faults.skipSlot());
    }
    if (faults.lossProbability() > 0) {
      text.append(", --loss ").append(faults.lossProbability());
    }
    return text.toString();
  }
}
