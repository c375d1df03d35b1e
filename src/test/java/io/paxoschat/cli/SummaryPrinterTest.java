package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryPrinterTest {

  @TempDir Path temp;

  @Test
  void slotShapeCountsNoOpsAloneNotTheSlotsThatOpenOrCloseSessions() throws Exception {
    Path log = temp.resolve("replica-0.log");
    Files.write(log, List.of(
        ChatLogFormat.format(0, new Command.OpenSession(7, 100)),
        ChatLogFormat.format(1, Command.Batch.of(new ChatLine(7, 1, "a"), new ChatLine(7, 2, "b"))),
        ChatLogFormat.format(2, Command.Noop.INSTANCE),
        ChatLogFormat.format(3, new Command.CloseSession(7, 0))));

    assertEquals("4 slots for 2 lines (0.5 lines per slot), 1 no-op slots (25.0 %)", SummaryPrinter.slotShape(log));
  }
}
