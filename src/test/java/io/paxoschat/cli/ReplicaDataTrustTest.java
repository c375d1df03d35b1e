package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.storage.AcceptorLog;
import io.paxoschat.storage.ClusterIdentity;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica refuses files it cannot trust before it starts anything: a chat log that shows it
 * executed slots with no acceptor log behind it (an amnesiac acceptor), or an acceptor log and a
 * chat log of two different clusters.
 */
class ReplicaDataTrustTest {

  @TempDir Path temp;

  private record Run(int exitCode, String err) {}

  private Run replica(String... extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[6 + extra.length];
    System.arraycopy(new String[] {"--config", "conf/cluster-f1.conf", "--id", "2",
        "--logs", temp.resolve("logs").toString()}, 0, args, 0, 6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    String[] withData = java.util.Arrays.copyOf(args, args.length + 2);
    withData[args.length] = "--data";
    withData[args.length + 1] = temp.resolve("data").toString();
    int code = ReplicaCommand.execute(withData, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, err.toString(StandardCharsets.UTF_8));
  }

  private void writeChatLog(int slots) throws Exception {
    StringBuilder log = new StringBuilder();
    for (int slot = 0; slot < slots; slot++) {
      Command command = slot % 3 == 2 ? Command.Noop.INSTANCE
          : Command.Batch.of(new ChatLine(0, slot - slot / 3 + 1, "line " + slot));
      log.append(ChatLogFormat.format(slot, command)).append('\n');
    }
    Files.createDirectories(temp.resolve("logs"));
    Files.writeString(temp.resolve("logs").resolve("replica-2.log"), log);
  }

  private static void assertRefused(Run run, String... fragments) {
    assertEquals(2, run.exitCode(), run.err());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), "one line: " + err);
    for (String fragment : fragments) {
      assertTrue(err.contains(fragment), "'" + fragment + "' in: " + err);
    }
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
  }

  @Test
  void aChatLogWithExecutedSlotsAndNoAcceptorLogIsRefused() throws Exception {
    writeChatLog(30);
    assertRefused(replica(), "shows 30 executed slots", "missing or empty", "--rejoin");
    assertTrue(Files.exists(temp.resolve("logs").resolve("replica-2.log")), "its chat log is left alone");
  }

  @Test
  void anEmptiedAcceptorLogIsRefusedToo() throws Exception {
    writeChatLog(30);
    StorageSettings storage = new StorageSettings(Durability.FSYNC, temp.resolve("data"), true);
    AcceptorLog.open(storage.replicaDir(2), Durability.FSYNC, 2).log().close(); // a header, no record
    assertRefused(replica(), "shows 30 executed slots", "missing or empty");
  }

  @Test
  void anAcceptorLogFromAnotherClusterIsRefused() throws Exception {
    writeChatLog(3);
    StorageSettings storage = new StorageSettings(Durability.FSYNC, temp.resolve("data"), true);
    ClusterIdentity.write(ClusterIdentity.dataFile(storage, 2), "cluster-a");
    ClusterIdentity.write(ClusterIdentity.logFile(temp.resolve("logs"), 2), "cluster-b");
    assertRefused(replica(), "cluster-a", "cluster-b", "another cluster");
  }

  @Test
  void startModesAreCheckedUpFront() {
    assertRefused(replica("--init", "--rejoin"), "exclude each other");
    assertRefused(replica("--cluster-id", "x"), "--cluster-id goes with --init or --rejoin");
    assertRefused(replica("--init", "--cluster-id", "no spaces"), "--cluster-id");
  }
}
