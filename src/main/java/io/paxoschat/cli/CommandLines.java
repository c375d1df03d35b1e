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
    commandLine.setParameterExceptionHandler(new OneLineUsage(err));
    commandLine.setExecutionExceptionHandler(new OneLineFailure(command, err));
    return commandLine;
  }

  // Named classes rather than lambdas: picocli's interfaces are of an old class-file version that
  // class-data sharing cannot archive, and the JDK 17 that makes the archive (bin/_common.sh)
  // crashes on a lambda of such an interface, where it skips a plain class.

  /** Bad usage: one line and exit 2. */
  private record OneLineUsage(PrintStream err) implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      String name = ex.getCommandLine().getCommandName();
      err.println(name + ": " + ex.getMessage() + " (see --help)");
      return CommandLine.ExitCode.USAGE;
    }
  }

  /** A command that failed as it ran: bad input is exit 2, anything else exit 1, each one line. */
  private record OneLineFailure(Object command, PrintStream err) implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      if (ex instanceof UsageException || ex instanceof ConfigException) {
        // Bad input a command found only as it ran: the same one line and exit code as any other.
        err.println(cl.getCommandName() + ": " + ex.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      // Details go to the debug log; the user gets one line.
      LoggerFactory.getLogger(FAILURES).error("{} failed", command.getClass().getName(), ex);
      err.println(cl.getCommandName() + ": failed: " + ex);
      return 1;
    }
  }
}
