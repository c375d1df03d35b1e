package io.paxoschat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageFilesTest {

  @TempDir Path dir;

  private String refused(int clients, int maxLineBytes) {
    return assertThrows(ConfigException.class, () -> MessageFiles.read(dir, clients, maxLineBytes))
        .getMessage();
  }

  @Test
  void shippedSamplesHave3And6And9Lines() {
    List<List<String>> lines = MessageFiles.read(Path.of("conf/messages"), 3, 4096);
    assertEquals(List.of(3, 6, 9), lines.stream().map(List::size).toList());
  }

  @Test
  void keepsNonBlankLinesExactlyAsWritten() throws IOException {
    Files.writeString(dir.resolve("client-0.txt"), "  hi there \r\n\n   \nsecond\u00e9 \u2603\nlast");
    assertEquals(
        List.of(List.of("  hi there ", "second\u00e9 \u2603", "last")),
        MessageFiles.read(dir, 1, 4096));
  }

  @Test
  void missingDirectory() {
    Path missing = dir.resolve("nope");
    ConfigException e =
        assertThrows(ConfigException.class, () -> MessageFiles.read(missing, 1, 4096));
    assertEquals(missing + ": no such message directory", e.getMessage());
  }

  @Test
  void missingFile() throws IOException {
    Files.writeString(dir.resolve("client-0.txt"), "a\n");
    assertEquals(dir.resolve("client-1.txt") + ": no such message file", refused(2, 4096));
  }

  @Test
  void lineOverTheByteLimitNamesFileAndLine() throws IOException {
    // Five characters, but ten bytes in UTF-8: the limit is in bytes.
    Files.writeString(dir.resolve("client-0.txt"), "ok\n\u00e9\u00e9\u00e9\u00e9\u00e9\n");
    assertEquals(
        dir.resolve("client-0.txt") + ":2: line is 10 bytes, more than max-line-bytes = 8",
        refused(1, 8));
  }

  @Test
  void tabsAreKeptByteForByte() throws IOException {
    Files.writeString(dir.resolve("client-0.txt"), "fine\nname\tvalue\n\tindented\ntrailing\t\n");
    assertEquals(List.of(List.of("fine", "name\tvalue", "\tindented", "trailing\t")), MessageFiles.read(dir, 1, 4096));
  }

  @Test
  void invalidUtf8IsRefused() throws IOException {
    Files.write(dir.resolve("client-0.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(dir.resolve("client-0.txt") + ":1: not valid UTF-8", refused(1, 4096));
  }

  @Test
  void invalidUtf8NamesItsOwnLineEvenFarIntoTheFile() throws IOException {
    // A reader that decodes ahead blamed line 1 for a bad byte on line 2; 3,000 lines of 40
    // bytes also put the bad one past any read-ahead buffer.
    for (int badLine : new int[] {2, 3000}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int line = 1; line <= 3000; line++) {
        bytes.writeBytes(line == badLine
            ? new byte[] {'o', 'k', ' ', (byte) 0xC3, '(', '\n'} // a lead byte without its follower
            : ("line " + line + " " + "x".repeat(30) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Files.write(dir.resolve("client-0.txt"), bytes.toByteArray());
      assertEquals(dir.resolve("client-0.txt") + ":" + badLine + ": not valid UTF-8", refused(1, 4096));
    }
  }

  @Test
  void aDirectoryGivenAsTheFileSaysSo() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("client-0.txt"));
    ConfigException e = assertThrows(ConfigException.class, () -> MessageFiles.readFile(sub, 4096));
    assertEquals(sub + ": is a directory, not a message file", e.getMessage());
  }

  @Test
  void anEmptyFileHasNoLines() throws IOException {
    Files.write(dir.resolve("client-0.txt"), new byte[0]);
    assertEquals(List.of(List.of()), MessageFiles.read(dir, 1, 4096));
  }
}
