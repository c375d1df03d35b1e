package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many slots a chat log holds whole, read from its end while a replica may be writing it. */
class ChatLogTailTest {

  @TempDir Path dir;

  private Path log(String text) throws IOException {
    Path file = dir.resolve("replica-0.log");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static String slot(long slot, String... texts) {
    ChatLine[] lines = new ChatLine[texts.length];
    for (int i = 0; i < texts.length; i++) {
      lines[i] = new ChatLine(1, 0, slot * 10 + i + 1, texts[i]);
    }
    return ChatLogFormat.format(slot, Command.Batch.of(lines)) + "\n";
  }

  @Test
  void aLogHoldsTheSlotsUpToItsLastWholeOne() throws IOException {
    assertEquals(0, ChatLogTail.slotsIn(dir.resolve("none.log")));
    assertEquals(0, ChatLogTail.slotsIn(log("")));
    assertEquals(1, ChatLogTail.slotsIn(log(slot(0, "a"))));
    assertEquals(3, ChatLogTail.slotsIn(log(slot(0, "a") + slot(1, "b", "c") + slot(2, "d", "e", "f"))));
    assertEquals(3, ChatLogTail.slotsIn(log(slot(0, "a") + ChatLogFormat.format(1, Command.Noop.INSTANCE) + "\n"
        + slot(2, "d"))));
  }

  @Test
  void aSlotCutShortOrALineWithoutItsEndDoesNotCount() throws IOException {
    String whole = slot(0, "a") + slot(1, "b", "c");
    String third = slot(2, "d", "e");
    // The SIGKILL came after the slot's first line, or in the middle of its last one.
    assertEquals(2, ChatLogTail.slotsIn(log(whole + third.substring(0, third.indexOf('\n') + 1))));
    assertEquals(2, ChatLogTail.slotsIn(log(whole + third.substring(0, third.length() - 4))));
    assertEquals(2, ChatLogTail.slotsIn(log(whole + third.substring(0, third.length() - 1))));
  }

  @Test
  void aLongLogIsReadFromItsEnd() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int slot = 0; slot < 5000; slot++) {
      text.append(slot(slot, "line " + slot + " of a long log"));
    }
    assertEquals(5000, ChatLogTail.slotsIn(log(text.toString())));
  }
}
