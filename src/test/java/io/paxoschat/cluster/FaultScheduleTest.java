package io.paxoschat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

  private static final Set<Integer> ALL = Set.of(0, 1, 2, 3, 4);

  @Test
  void theSameSeedGivesTheSameFaults() {
    assertEquals(faults(7, ALL), faults(7, ALL));
  }

  @Test
  void noFaultTakesMoreThanFAwayCountingReplicasStillStarting() {
    for (long seed = 0; seed < 50; seed++) {
      FaultSchedule schedule = new FaultSchedule(FaultSchedule.KINDS, 5, 2, 0.1, seed);
      for (int i = 0; i < 50; i++) {
        Set<Integer> ready = i % 3 == 0 ? Set.of(0, 1, 2, 3) : ALL; // one still starting at times
        Fault fault = schedule.next(OptionalLong.of(i % 5), ready);
        int away = 5 - ready.size();
        if (fault instanceof Fault.Kill kill) {
          assertTrue(ready.containsAll(kill.replicas()), fault.describe());
          away += kill.replicas().size();
        } else if (fault instanceof Fault.Partition partition) {
          away += partition.minority().size();
        } else if (fault instanceof Fault.Pause pause && !pause.isEmpty()) {
          away += 1;
        }
        assertTrue(away <= 2 || fault instanceof Fault.RestartAll, fault.describe() + " with ready " + ready);
      }
    }
  }

  @Test
  void withFReplicasStillStartingNothingMoreIsTaken() {
    FaultSchedule schedule = new FaultSchedule(List.of("kill", "pause", "partition"), 5, 2, 0.1, 3);
    for (int i = 0; i < 20; i++) {
      assertTrue(schedule.next(OptionalLong.empty(), Set.of(0, 1, 2)).isEmpty());
    }
  }

  @Test
  void anUnknownFaultIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new FaultSchedule(FaultSchedule.parseKinds("kill,flood"), 3, 1, 0.1, 1));
  }

  private static List<String> faults(long seed, Set<Integer> ready) {
    FaultSchedule schedule = new FaultSchedule(FaultSchedule.KINDS, 5, 2, 0.1, seed);
    List<String> faults = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      faults.add(schedule.next(OptionalLong.of(i % 5), ready).describe());
    }
    return faults;
  }
}
