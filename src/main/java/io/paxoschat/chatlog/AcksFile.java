package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
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
 * A client's record of the lines it saw acknowledged, one line each,
 * {@code <slot>\t<clientId>\t<seq>\t<text>}, appended as the client learns of them; the slot is
 * {@code -} when the acknowledgement did not name it. What a checker holds the replicas' logs to:
 * every line here must be in every log exactly once, in its slot. A last line without its line
 * end was cut off by a kill and is not read.
 */
public final class AcksFile {

  /** One acknowledged chat line, executed in {@code slot} ({@link #UNKNOWN_SLOT} if not known). */
  public record Ack(long slot, int clientId, long seq, String text) {

    public static final long UNKNOWN_SLOT = -1;

    /** What a client's core reported acknowledged. */
    public static Ack of(Effect.Acknowledged acknowledged) {
      ChatLine line = acknowledged.line();
      return new Ack(acknowledged.slot(), line.clientId(), line.seq(), line.text());
    }
  }

  /** Where a run that keeps its clients' acks in one directory puts client {@code clientId}'s. */
  public static Path fileOf(Path dir, int clientId) {
    return dir.resolve("client-" + clientId + ".acks");
  }

  /** Whether {@code file} is named as {@link #fileOf} names one. */
  public static boolean isClientFile(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("client-") && name.endsWith(".acks");
  }

  private static final String NO_SLOT = "-";

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
   * @throws ChatLogException for a complete line that is not {@code <slot>\t<clientId>\t<seq>\t<text>}
   */
  public static List<Ack> read(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    List<Ack> acks = new ArrayList<>();
    int start = 0;
    int end;
    while ((end = content.indexOf('\n', start)) >= 0) {
      String line = content.substring(start, end);
      start = end + 1;
      String[] fields = line.split("\t", 4);
      try {
        if (fields.length != 4) {
          throw new NumberFormatException();
        }
        long slot = fields[0].equals(NO_SLOT) ? Ack.UNKNOWN_SLOT : Long.parseLong(fields[0]);
        acks.add(new Ack(slot, Integer.parseInt(fields[1]), Long.parseLong(fields[2]), fields[3]));
      } catch (NumberFormatException e) {
        throw new ChatLogException(file + ": not <slot>\\t<clientId>\\t<seq>\\t<text>: \""
            + line.replace("\t", "\\t") + "\"");
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

    public void append(Ack ack) throws IOException {
      String slot = ack.slot() < 0 ? NO_SLOT : Long.toString(ack.slot());
      out.write(slot + "\t" + ack.clientId() + "\t" + ack.seq() + "\t" + ack.text() + "\n");
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
