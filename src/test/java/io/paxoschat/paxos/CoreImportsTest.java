package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Paxos core depends on the JDK alone, so it runs the same under actors, the chaos
 * simulator or any other transport: its sources import only {@code java.*} and their own
 * package, and name no other package in full.
 */
class CoreImportsTest {

  private static final Path CORE = Path.of("src/main/java/io/paxoschat/paxos");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;");
  // A package named in full in code (an annotation, a type): anything but java.* or the core.
  private static final Pattern QUALIFIED = Pattern.compile(
      "\\b(?:com|org|net|scala|javax|jdk|sun)\\.[a-z]\\w*\\.|\\bio\\.paxoschat\\.(?!paxos\\b)[a-z]\\w*\\.");

  @Test
  void coreImportsOnlyTheJdkAndItself() throws IOException {
    List<String> offences = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.list(CORE)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(sources.size() > 10, "expected the core's sources in " + CORE.toAbsolutePath());
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher imported = IMPORT.matcher(line);
        if (imported.find()) {
          String name = imported.group(1);
          if (!name.startsWith("java.") && !name.startsWith("io.paxoschat.paxos.")) {
            offences.add(source.getFileName() + ":" + (i + 1) + " imports " + name);
          }
        } else if (!isComment(line) && QUALIFIED.matcher(line).find()) {
          offences.add(source.getFileName() + ":" + (i + 1) + " names " + line.strip());
        }
      }
    }
    assertEquals(List.of(), offences);
  }

  private static boolean isComment(String line) {
    String code = line.strip();
    return code.startsWith("*") || code.startsWith("//") || code.startsWith("/*");
  }
}
