package io.paxoschat.cli;

import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.chatlog.ConsistencyReport.ReplicaLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
          + " and lines that break the log format."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:IDENTICAL or PREFIX, each request executed once and in order",
      "1:DIVERGENT, a duplicate, an order violation or a malformed line",
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
    out.flush();
    return report.ok() ? 0 : 1;
  }
}
