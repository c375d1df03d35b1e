package io.paxoschat.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkFaultsTest {

  @TempDir Path dir;

  @Test
  void aSettingReadsBackWhatItWrites() {
    NetworkFaults.Setting setting = new NetworkFaults.Setting(0.25, Set.of("replica-3", "replica-0"));
    assertEquals("loss 0.25\ncut replica-0 replica-3\n", setting.format());
    assertEquals(setting, NetworkFaults.Setting.parse(setting.format()));
    assertEquals(NetworkFaults.Setting.HEALTHY, NetworkFaults.Setting.parse("# nothing\n\n"));
  }

  @Test
  void aSettingItCannotReadIsRefusedWithItsLine() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkFaults.Setting.parse("drop 3"))
        .getMessage().contains("drop"));
    assertThrows(IllegalArgumentException.class, () -> NetworkFaults.Setting.parse("loss lots"));
    assertThrows(IllegalArgumentException.class, () -> NetworkFaults.Setting.parse("loss 1"));
  }

  @Test
  void aCutOffNodeLosesEverythingAndOthersLoseTheirShare() {
    NetworkFaults faults = NetworkFaults.switchable();
    SplittableRandom random = new SplittableRandom(1);
    assertFalse(faults.drops("replica-1", random), "healthy to begin with");
    faults.set(new NetworkFaults.Setting(0.5, Set.of("replica-1")));
    int lost = 0;
    for (int i = 0; i < 1000; i++) {
      assertTrue(faults.drops("replica-1", random));
      lost += faults.drops("replica-2", random) ? 1 : 0;
    }
    assertTrue(lost > 400 && lost < 600, "about half lost: " + lost);
  }

  @Test
  void onlyANodeStartedForANemesisCanBeSwitched() {
    assertThrows(IllegalStateException.class, () -> NetworkFaults.NONE.set(NetworkFaults.Setting.HEALTHY));
  }

  @Test
  void theControlFileSwitchesTheFaultsAndABadOneLeavesThemAsTheyWere() throws Exception {
    Path file = dir.resolve("replica-0.nemesis");
    NetworkFaults faults = NetworkFaults.switchable();
    NemesisControl control = new NemesisControl(file, faults);
    control.poll();
    assertEquals(NetworkFaults.Setting.HEALTHY, faults.current(), "no file: healthy");

    NemesisControl.write(file, new NetworkFaults.Setting(0, Set.of("replica-2")));
    control.poll();
    assertEquals(Set.of("replica-2"), faults.current().cutOff());

    Files.writeString(file, "nonsense\n");
    control.poll();
    assertEquals(Set.of("replica-2"), faults.current().cutOff(), "kept");

    NemesisControl.write(file, NetworkFaults.Setting.HEALTHY);
    control.poll();
    assertEquals(NetworkFaults.Setting.HEALTHY, faults.current());
  }
}
