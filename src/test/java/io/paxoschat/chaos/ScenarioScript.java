package io.paxoschat.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario file in the style of etcd/raft's datadriven tests: steps, each a command line,
 * a {@code ----} line, and the exact output it must produce, up to a blank line. Lines starting
 * with {@code #} between steps are comments. {@link #rewritten} gives the same file with every
 * step's output replaced, comments and commands kept.
 */
record ScenarioScript(Path file, List<Step> steps, List<String> trailingComments) {

  /** One step: the comments above it, its command (line number for messages) and its expected output. */
  record Step(List<String> comments, String command, int line, List<String> expected) {}

  static ScenarioScript read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Step> steps = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        comments.add(line);
        i++;
        continue;
      }
      int commandLine = i + 1;
      i++;
      if (i >= lines.size() || !lines.get(i).equals("----")) {
        throw new IllegalArgumentException(file + ":" + commandLine + ": a command must be followed by ----");
      }
      i++;
      List<String> expected = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).isEmpty()) {
        expected.add(lines.get(i));
        i++;
      }
      steps.add(new Step(List.copyOf(comments), line, commandLine, List.copyOf(expected)));
      comments.clear();
    }
    return new ScenarioScript(file, List.copyOf(steps), List.copyOf(comments));
  }

  /** The file's text with each step's output replaced by {@code outputs}, one per step. */
  String rewritten(List<List<String>> outputs) {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < steps.size(); s++) {
      Step step = steps.get(s);
      for (String comment : step.comments()) {
        text.append(comment).append('\n');
      }
      text.append(step.command()).append("\n----\n");
      for (String line : outputs.get(s)) {
        text.append(line).append('\n');
      }
      if (s < steps.size() - 1) {
        text.append('\n');
      }
    }
    for (String comment : trailingComments) {
      text.append(comment).append('\n');
    }
    // Comments kept blank lines that separated steps: one blank line between steps is enough.
    return text.toString().replaceAll("\n{3,}", "\n\n");
  }
}
