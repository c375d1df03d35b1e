package io.paxoschat.cli;

import io.paxoschat.chatlog.AckCheck;
import io.paxoschat.chatlog.AcksFile;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.chatlog.ConsistencyReport.ReplicaLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code check-consistency [LOGDIR]}: compares the replica logs a run left behind. */
@Command(
    name = "check-consistency",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the line count and md5 of every replica-<id>.log in LOGDIR and a verdict:",
      "IDENTICAL, PREFIX (naming the replicas that are behind, e.g. crashed ones) or DIVERGENT"
          + " (the first slot where logs differ).",
      "Also reports any (client, seq) executed more than once, a client's lines out of order,"
          + " and lines that break the log format.",
      "With --acks, also checks that every line clients saw acknowledged is in every log exactly"
          + " once, in the slot its acknowledgement named."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:IDENTICAL or PREFIX, each request executed once and in order (and every ack held)",
      "1:DIVERGENT, a duplicate, an order violation, a malformed line, or an acknowledged line"
          + " missing, doubled or elsewhere",
      "2:bad usage, or LOGDIR missing or without replica logs"
    })
public final class CheckConsistencyCommand implements Callable<Integer> {

  // Enough to see the pattern of a bug without burying the verdict.
  private static final int MAX_SHOWN = 20;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "LOGDIR",
      description = "Directory with replica-<id>.log files (default: ${DEFAULT-VALUE}).",
      defaultValue = "logs")
  private Path logDir;

  @Option(
      names = "--acks",
      paramLabel = "DIR|FILE",
      description = "An acks file of bin/client --acks, or a directory whose *.acks files are checked.")
  private Path acks;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CheckConsistencyCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsistencyReport report;
    try {
      report = ConsistencyChecker.check(logDir);
    } catch (ChatLogException e) {
      err.println("check-consistency: " + e.getMessage());
      err.flush();
      return 2;
    }
    int width = report.logs().stream().mapToInt(l -> String.valueOf(l.lines()).length()).max().orElse(1);
    for (ReplicaLog log : report.logs()) {
      out.printf("replica-%d  %" + width + "d lines  md5 %s%n", log.replicaId(), log.lines(), log.md5());
    }
    out.println(report.verdictLine());
    List<String> findings = report.findings();
    findings.stream().limit(MAX_SHOWN).forEach(out::println);
    if (findings.size() > MAX_SHOWN) {
      out.println("... and " + (findings.size() - MAX_SHOWN) + " more");
    }
    boolean acksHeld = true;
    if (acks != null) {
      try {
        acksHeld = checkAcks(report, out);
      } catch (ChatLogException | IOException e) {
        err.println("check-consistency: " + e.getMessage());
        err.flush();
        return 2;
      }
    }
    out.flush();
    return report.ok() && acksHeld ? 0 : 1;
  }

  private boolean checkAcks(ConsistencyReport report, PrintWriter out) throws IOException {
    List<Path> files = acksFiles();
    List<AcksFile.Ack> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(AcksFile.read(file));
    }
    boolean held = true;
    for (ReplicaLog log : report.logs()) {
      AckCheck.Result result = AckCheck.check(log.replicaId(), ChatLogFiles.logFile(logDir, log.replicaId()), all);
      result.problems().stream().limit(MAX_SHOWN).forEach(out::println);
      held &= result.ok();
    }
    out.println((held ? "ACKS HELD: " : "ACKS BROKEN: ") + all.size() + " acknowledged lines from " + files.size()
        + " acks file(s), checked against " + report.logs().size() + " logs");
    return held;
  }

  private List<Path> acksFiles() throws IOException {
    if (Files.isRegularFile(acks)) {
      return List.of(acks);
    }
    if (!Files.isDirectory(acks)) {
      throw new ChatLogException(acks + ": no such acks file or directory");
    }
    try (Stream<Path> listed = Files.list(acks)) {
      List<Path> files = listed.filter(p -> p.getFileName().toString().endsWith(".acks")).sorted().toList();
      if (files.isEmpty()) {
        throw new ChatLogException(acks + ": no *.acks files in this directory");
      }
      return files;
    }
  }
}
