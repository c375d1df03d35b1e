package io.paxoschat.cli;

import io.paxoschat.report.Reports;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/report}: one run's event records to one self-contained HTML page. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Turns the event records of one run (JSON lines: one file from bin/simulate, or one per process",
      "from bin/cluster) into one self-contained HTML page that opens from disk: header, space-time",
      "diagram, executed slots, commit latency and throughput, and the replicas' logs."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:bad usage, or files that are not an event record (one line)"})
public final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "EVENTS", arity = "1..*",
      description = "Event record files (JSON lines) of one run, or a directory holding events*.jsonl.")
  List<Path> inputs;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The HTML page to write.")
  Path out;

  @Option(names = "--logs", paramLabel = "DIR",
      description = "The replicas' chat logs (replica-<id>.log), for the md5s and the log table."
          + " A chaos record carries its logs itself.")
  Path logs;

  private final PrintStream stdout;
  private final PrintStream stderr;

  public ReportCommand() {
    this(System.out, System.err);
  }

  ReportCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new ReportCommand(out, err), out, err).execute(args);
  }

  @Override
  public Integer call() {
    try {
      List<Path> files = eventFiles(inputs);
      if (logs != null && !Files.isDirectory(logs)) {
        throw new UsageException(logs + ": no such log directory");
      }
      long bytes = Reports.write(files, logs, out);
      stdout.printf("report: %s (%,d bytes)%n", out, bytes);
      return 0;
    } catch (UsageException | IllegalArgumentException | UncheckedIOException e) {
      stderr.println("report: " + e.getMessage());
      return 2;
    }
  }

  /** The files given, with each directory replaced by the event records in it. */
  static List<Path> eventFiles(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (var listing = Files.list(input)) {
          listing.filter(p -> p.getFileName().toString().startsWith("events")
                  && p.getFileName().toString().endsWith(".jsonl"))
              .sorted().forEach(files::add);
        } catch (java.io.IOException e) {
          throw new UsageException(input + ": " + e.getMessage());
        }
      } else if (Files.isRegularFile(input)) {
        files.add(input);
      } else {
        throw new UsageException(input + ": no such file");
      }
    }
    if (files.isEmpty()) {
      throw new UsageException("no event records (events*.jsonl) in " + inputs);
    }
    return files;
  }
}
