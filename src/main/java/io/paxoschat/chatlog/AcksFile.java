package io.paxoschat.chatlog;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's record of the lines it saw acknowledged, one line each, {@code <clientId>\t<seq>\t<text>},
 * appended as the client learns of them. What a checker holds the replicas' logs to: every line
 * here must be in every log exactly once. A last line without its line end was cut off by a kill
 * and is not read.
 */
public final class AcksFile {

  /** One acknowledged chat line. */
  public record Ack(int clientId, long seq, String text) {}

  private AcksFile() {}

  /** Appends to {@code file} (created if missing); a client started again adds to it. */
  public static Writer append(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  /**
   * Every complete line of {@code file}.
   *
   * @throws ChatLogException for a complete line that is not {@code <clientId>\t<seq>\t<text>}
   */
  public static List<Ack> read(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    List<Ack> acks = new ArrayList<>();
    int start = 0;
    int end;
    while ((end = content.indexOf('\n', start)) >= 0) {
      String line = content.substring(start, end);
      start = end + 1;
      String[] fields = line.split("\t", 3);
      try {
        if (fields.length != 3) {
          throw new NumberFormatException();
        }
        acks.add(new Ack(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2]));
      } catch (NumberFormatException e) {
        throw new ChatLogException(file + ": not <clientId>\\t<seq>\\t<text>: \"" + line.replace("\t", "\\t") + "\"");
      }
    }
    return acks;
  }

  /** Appends acknowledgements; {@link #flush()} makes them visible to readers. */
  public static final class Writer implements Closeable {
    private final BufferedWriter out;

    private Writer(BufferedWriter out) {
      this.out = out;
    }

    public void append(int clientId, long seq, String text) throws IOException {
      out.write(clientId + "\t" + seq + "\t" + text + "\n");
    }

    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
