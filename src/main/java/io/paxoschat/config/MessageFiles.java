package io.paxoschat.config;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines each client sends: the non-blank lines of {@code DIR/client-<i>.txt}, exactly as
 * written (UTF-8, tabs included), with only the line terminator removed.
 */
public final class MessageFiles {

  private MessageFiles() {}

  /** The file client {@code clientId} reads its lines from. */
  public static Path fileFor(Path dir, int clientId) {
    return dir.resolve("client-" + clientId + ".txt");
  }

  /**
   * Lines for clients {@code 0..clientCount-1}, in file order; element i belongs to client i.
   *
   * @throws ConfigException for a missing directory or file, a line that is not UTF-8, a line
   *     longer than {@code maxLineBytes} in UTF-8, or a line with a NUL character
   */
  public static List<List<String>> read(Path dir, int clientCount, int maxLineBytes) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(
          dir + ": " + (Files.exists(dir) ? "not a directory" : "no such message directory"));
    }
    List<List<String>> all = new ArrayList<>(clientCount);
    for (int client = 0; client < clientCount; client++) {
      all.add(List.copyOf(readFile(fileFor(dir, client), maxLineBytes)));
    }
    return List.copyOf(all);
  }

  /**
   * Why {@code line} cannot be a chat line, or null if it can: the replica log ends a line at a
   * line break, and a line must stay within {@code maxLineBytes} in UTF-8. A tab is fine: text is
   * the last field of a log line but for its checksum, which is found from the right.
   */
  public static String problemWith(String line, int maxLineBytes) {
    if (line.indexOf('\0') >= 0) {
      return "line contains a NUL character";
    }
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      return "line contains a line break";
    }
    int bytes = line.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxLineBytes) {
      return "line is " + bytes + " bytes, more than max-line-bytes = " + maxLineBytes;
    }
    return null;
  }

  /**
   * The lines of one message file, in file order.
   *
   * @throws ConfigException as {@link #read} does, and for a directory given as the file
   */
  public static List<String> readFile(Path file, int maxLineBytes) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(file + ": is a directory, not a message file");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": no such message file");
    }
    // Strict decoding, line by line: a Latin-1 file would otherwise turn into replacement
    // characters that end up in every replica's log without anyone noticing.
    List<String> lines = new ArrayList<>();
    try (Utf8Lines reader = new Utf8Lines(new BufferedInputStream(Files.newInputStream(file)))) {
      String line;
      while ((line = reader.readLine()) != null) {
        // Some editors start UTF-8 files with a byte-order mark; it is not part of the text.
        if (reader.lineNumber() == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        String problem = problemWith(line, maxLineBytes);
        if (problem != null) {
          throw new ConfigException(file + ":" + reader.lineNumber() + ": " + problem);
        }
        lines.add(line);
      }
    } catch (Utf8Lines.NotUtf8Exception e) {
      throw new ConfigException(file + ":" + e.lineNumber() + ": not valid UTF-8", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return lines;
  }
}
