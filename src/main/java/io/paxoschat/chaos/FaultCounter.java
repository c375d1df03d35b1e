package io.paxoschat.chaos;

import java.util.EnumMap;
import java.util.Map;

/** How many faults of each kind one run injected. */
final class FaultCounter {

  private final long[] counts = new long[FaultKind.values().length];

  void add(FaultKind kind) {
    counts[kind.ordinal()]++;
  }

  long get(FaultKind kind) {
    return counts[kind.ordinal()];
  }

  Map<FaultKind, Long> snapshot() {
    Map<FaultKind, Long> map = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      map.put(kind, counts[kind.ordinal()]);
    }
    return map;
  }
}
