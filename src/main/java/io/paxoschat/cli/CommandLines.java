package io.paxoschat.cli;

import io.paxoschat.config.ConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** One way to build a command line: bad input is one line and exit 2, a crash one line and exit 1. */
final class CommandLines {

  /**
   * Logged to the debug file only (conf/logback.xml): the console gets one line, never a stack
   * trace. Looked up only when a command fails: the first logger starts Logback, and a node
   * process names its own debug file before that.
   */
  private static final String FAILURES = "paxoschat.failures";

  private CommandLines() {}

  static CommandLine create(Object command, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler((ex, args) -> {
      String name = ex.getCommandLine().getCommandName();
      err.println(name + ": " + ex.getMessage() + " (see --help)");
      return CommandLine.ExitCode.USAGE;
    });
    commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
      if (ex instanceof UsageException || ex instanceof ConfigException) {
        // Bad input a command found only as it ran: the same one line and exit code as any other.
        err.println(cl.getCommandName() + ": " + ex.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      // Details go to the debug log; the user gets one line.
      LoggerFactory.getLogger(FAILURES).error("{} failed", command.getClass().getName(), ex);
      err.println(cl.getCommandName() + ": failed: " + ex);
      return 1;
    });
    return commandLine;
  }
}
