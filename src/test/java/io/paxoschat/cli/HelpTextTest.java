package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every line of a command's help is a format string to picocli: a bare {@code %} in it (as in
 * "30-80% of it") makes {@code --help} print picocli's warning three times over the usage.
 */
class HelpTextTest {

  private static final List<Class<?>> COMMANDS = List.of(BenchEventsCommand.class, BenchRecoveryCommand.class,
      BenchRemoteCommand.class, BenchWebCommand.class, BenchWireCommand.class, CheckConsistencyCommand.class,
      ClientCommand.class, ClusterCommand.class, GenCertsCommand.class, NemesisCommand.class,
      ReplicaCommand.class, ReportCommand.class, SimulateCommand.class, WebCommand.class);

  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // picocli's tracer writes to whatever System.err is when it warns.
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      for (Class<?> command : COMMANDS) {
        render(new CommandLine(command));
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
  }

  private static void render(CommandLine command) {
    command.getUsageMessage();
    command.getSubcommands().values().forEach(HelpTextTest::render);
  }
}
