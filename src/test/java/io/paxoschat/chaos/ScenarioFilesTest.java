package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProtocolSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every scenario file under {@code src/test/resources/scenarios}: a script of steps on a
 * stepped {@link ChaosSimulation} and the exact messages and log each step must produce. A
 * mismatch fails with both texts (an IDE shows the difference). With {@code
 * -Dscenarios.rewrite=true} (or {@code SCENARIOS_REWRITE=1}) the files are rewritten with what the
 * protocol does now: review the diff before committing it.
 *
 * <p>Commands: {@code cluster replicas=N clients=C lines=L [seed=S] [window=W] [batch=B]
 * [skip=X]} (first), {@code start-client C}, {@code open-session C} (start client C and deliver
 * until its session is open and its first lines are held), {@code tick [n=K] [replicas=0,1|all] [clients=no]},
 * {@code deliver} and {@code drop} with filters {@code [from=proposer-0] [to=acceptor-1]
 * [type=Accept]}, {@code stabilize}, {@code crash R}, {@code restart R}, {@code held}, {@code logs}.
 */
class ScenarioFilesTest {

  private static final Path DIR = Path.of("src/test/resources/scenarios");

  @TestFactory
  Stream<DynamicTest> everyScenarioFileProducesItsExpectedOutput() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(DIR)) {
      files = listing.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no scenario files in " + DIR.toAbsolutePath());
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
  }

  private static boolean rewrite() {
    return Boolean.getBoolean("scenarios.rewrite") || "1".equals(System.getenv("SCENARIOS_REWRITE"));
  }

  private static void check(Path file) throws IOException {
    ScenarioScript script = ScenarioScript.read(file);
    Interpreter interpreter = new Interpreter();
    List<List<String>> outputs = new ArrayList<>();
    for (ScenarioScript.Step step : script.steps()) {
      List<String> output;
      try {
        output = interpreter.run(step.command());
      } catch (IllegalArgumentException e) {
        throw new AssertionError(file + ":" + step.line() + ": " + e.getMessage(), e);
      }
      outputs.add(output);
      if (!rewrite() && !output.equals(step.expected())) {
        throw new AssertionFailedError(file + ":" + step.line() + ": '" + step.command()
            + "' produced other output (rerun with -Dscenarios.rewrite=true to accept it)",
            String.join("\n", step.expected()), String.join("\n", output));
      }
    }
    if (rewrite()) {
      Files.writeString(file, script.rewritten(outputs), StandardCharsets.UTF_8);
    }
  }

  /** One scenario's simulation, fed one command at a time. */
  private static final class Interpreter {

    private final ScenarioRecorder recorder = new ScenarioRecorder();
    private ChaosSimulation sim;
    private int replicaCount;

    List<String> run(String commandLine) {
      String[] words = commandLine.trim().split("\\s+");
      String command = words[0];
      Map<String, String> args = new HashMap<>();
      List<String> positional = new ArrayList<>();
      for (int i = 1; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq > 0) {
          args.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        } else {
          positional.add(words[i]);
        }
      }
      if (sim == null && !command.equals("cluster")) {
        throw new IllegalArgumentException("the first command must be 'cluster'");
      }
      List<String> extra = new ArrayList<>();
      switch (command) {
        case "cluster" -> cluster(args);
        case "start-client" -> sim.startClient(number(positional));
        case "open-session" -> openSession(number(positional));
        case "tick" -> {
          int times = Integer.parseInt(args.getOrDefault("n", "1"));
          Set<Integer> replicas = replicas(args.getOrDefault("replicas", "all"));
          boolean clients = !"no".equals(args.get("clients"));
          for (int i = 0; i < times; i++) {
            sim.tick(replicas, clients);
          }
        }
        case "deliver" -> sim.deliverHeld(filter(args));
        case "drop" -> sim.dropHeld(filter(args));
        case "stabilize" -> {
          for (int round = 0; !sim.held().isEmpty(); round++) {
            if (round == 1_000) {
              throw new IllegalArgumentException("stabilize: messages still flowing after 1,000 rounds");
            }
            sim.deliverHeld(delivery -> true);
          }
        }
        case "crash" -> sim.crash(number(positional), false);
        case "restart" -> sim.restart(number(positional));
        case "held" -> {
          for (SimEvent.Delivery delivery : sim.held()) {
            extra.add(delivery.from() + " -> " + delivery.to() + ": " + ScenarioRecorder.describe(delivery.message()));
          }
        }
        case "logs" -> {
          for (int id = 0; id < replicaCount; id++) {
            StringBuilder log = new StringBuilder("replica-" + id + (sim.isUp(id) ? "" : " (down)") + ":");
            for (long slot = 0; slot < sim.logLength(id); slot++) {
              log.append(slot == 0 ? " " : " | ").append(slot).append(' ')
                  .append(ScenarioRecorder.describe(sim.executedAt(slot)));
            }
            extra.add(log.toString());
          }
        }
        default -> throw new IllegalArgumentException("unknown command '" + command + "'");
      }
      List<String> output = new ArrayList<>(recorder.take());
      output.addAll(extra);
      return output.isEmpty() ? List.of("ok") : output;
    }

    /**
     * Starts client {@code id} and delivers what is held, round by round, until its session is
     * open: it stops as soon as the client's first ClientRequest is held, undelivered.
     */
    private void openSession(int id) {
      sim.startClient(id);
      Address client = Address.client(id);
      Predicate<SimEvent.Delivery> firstRequest = delivery -> delivery.from().equals(client)
          && delivery.message() instanceof io.paxoschat.paxos.LearnerMessage.ClientRequest;
      for (int round = 0; sim.held().stream().noneMatch(firstRequest); round++) {
        if (round == 1_000 || sim.held().isEmpty()) {
          throw new IllegalArgumentException("open-session: client-" + id + " sent no lines after "
              + round + " rounds");
        }
        sim.deliverHeld(delivery -> true);
      }
    }

    private void cluster(Map<String, String> args) {
      replicaCount = Integer.parseInt(args.getOrDefault("replicas", "3"));
      int clients = Integer.parseInt(args.getOrDefault("clients", "1"));
      int lines = Integer.parseInt(args.getOrDefault("lines", "2"));
      long seed = Long.parseLong(args.getOrDefault("seed", "1"));
      // Fixed election timeouts and short intervals: a script says exactly which tick does what.
      ProtocolSettings settings = ProtocolSettings.builder()
          .heartbeatTicks(Integer.parseInt(args.getOrDefault("heartbeat", "3")))
          .electionTimeoutTicks(Integer.parseInt(args.getOrDefault("election", "6")),
              Integer.parseInt(args.getOrDefault("election", "6")))
          .retransmitTicks(4).catchUpTicks(2).clientRetryTicks(8)
          .maxInFlight(Integer.parseInt(args.getOrDefault("window", "8")))
          .clientWindow(Integer.parseInt(args.getOrDefault("client-window", "4")))
          .maxBatchLines(Integer.parseInt(args.getOrDefault("batch", "16")))
          .build();
      SimulationSetup setup = SimulationSetup.quiet(seed, replicaCount, clients, lines).withSettings(settings);
      if (args.containsKey("skip")) {
        setup = setup.withFaults(FaultPhase.none(0).withSkipSlot(Long.parseLong(args.get("skip"))));
      }
      sim = ChaosSimulation.stepped(setup, clock -> recorder);
      sim.start();
    }

    private Set<Integer> replicas(String list) {
      Set<Integer> ids = new TreeSet<>();
      if (list.equals("all")) {
        for (int id = 0; id < replicaCount; id++) {
          ids.add(id);
        }
      } else {
        for (String id : list.split(",")) {
          ids.add(Integer.parseInt(id));
        }
      }
      return ids;
    }

    private static int number(List<String> positional) {
      if (positional.size() != 1) {
        throw new IllegalArgumentException("expected one number, got " + positional);
      }
      return Integer.parseInt(positional.get(0));
    }

    private static Predicate<SimEvent.Delivery> filter(Map<String, String> args) {
      Predicate<SimEvent.Delivery> filter = delivery -> true;
      for (Map.Entry<String, String> arg : args.entrySet()) {
        String value = arg.getValue();
        Predicate<SimEvent.Delivery> one = switch (arg.getKey()) {
          case "from" -> delivery -> delivery.from().toString().equals(value);
          case "to" -> delivery -> delivery.to().toString().equals(value);
          case "type" -> delivery -> delivery.message().getClass().getSimpleName().equals(value);
          case "role" -> delivery -> delivery.to().role() == Address.Role.valueOf(value.toUpperCase());
          default -> throw new IllegalArgumentException("unknown filter '" + arg.getKey() + "'");
        };
        filter = filter.and(one);
      }
      return filter;
    }
  }
}
