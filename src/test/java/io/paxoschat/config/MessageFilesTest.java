package io.paxoschat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void tabIsRefused() throws IOException {
    Files.writeString(dir.resolve("client-0.txt"), "fine\nname\tvalue\n");
    String message = refused(1, 4096);
    assertTrue(message.startsWith(dir.resolve("client-0.txt") + ":2: line contains a tab"), message);
  }

  @Test
  void invalidUtf8IsRefused() throws IOException {
    Files.write(dir.resolve("client-0.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(refused(1, 4096).endsWith("not valid UTF-8"));
  }
}
