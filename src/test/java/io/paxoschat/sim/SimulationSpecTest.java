package io.paxoschat.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationSpecTest {

  @Test
  void describesItselfWithoutTheLinesItSends() {
    List<String> lines = Collections.nCopies(100_000, "x".repeat(100));
    SimulationSpec spec = new SimulationSpec(3, List.of(lines, lines, lines), ProtocolSettings.defaults(),
        Duration.ofMillis(10), InjectedFaults.none(1), Duration.ofSeconds(60));

    String text = spec.toString();

    assertTrue(text.length() < 2_000, "the spec's text grows with its lines: " + text.length() + " chars");
    assertTrue(text.contains("[100000, 100000, 100000]"), text);
  }
}
