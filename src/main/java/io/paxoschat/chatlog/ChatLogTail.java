package io.paxoschat.chatlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many slots a chat log holds whole, read from its end: for a watcher of a running cluster,
 * whose replicas may be writing the file as it reads (a slot still being written, or one torn
 * by a SIGKILL, does not count).
 */
public final class ChatLogTail {

  /** More than the last whole slot's last line can take: a line is at most a few KiB. */
  private static final int TAIL_BYTES = 64 * 1024;

  private ChatLogTail() {}

  /** One past the last slot whose last line is whole in {@code file}; 0 if there is none or no file. */
  public static long slotsIn(Path file) throws IOException {
    String tail;
    boolean cut;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      cut = size > TAIL_BYTES;
      int length = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      long at = size - length;
      while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) > 0) {
        // read until the tail is in
      }
      tail = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return 0;
    }
    int end = tail.lastIndexOf('\n');
    while (end > 0) {
      int start = tail.lastIndexOf('\n', end - 1) + 1;
      if (start == 0 && cut) {
        return 0; // the tail may start inside this line: no whole last line this far back
      }
      String line = tail.substring(start, end);
      if (ChatLogFormat.endsSlot(line)) {
        try {
          return ChatLogFormat.parse(line).slot() + 1;
        } catch (ChatLogException e) {
          return 0; // not a line this format wrote whole
        }
      }
      end = start - 1;
    }
    return 0;
  }
}
