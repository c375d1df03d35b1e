package io.paxoschat.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** One way to build a command line: bad input is one line and exit 2, a crash one line and exit 1. */
final class CommandLines {

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
      // Details go to the debug log; the user gets one line.
      LoggerFactory.getLogger(command.getClass()).error("command failed", ex);
      err.println(cl.getCommandName() + ": failed: " + ex);
      return 1;
    });
    return commandLine;
  }
}
