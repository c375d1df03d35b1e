package io.paxoschat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {

  private static Utf8Lines reading(byte[]... parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      bytes.writeBytes(part);
    }
    return new Utf8Lines(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void linesEndAtLfCrOrCrLfAndKeepEverythingElse() throws IOException {
    Utf8Lines lines = reading(utf8("a\tb\r\n\u00e9\u2603\rlast\n\nno end"));
    assertEquals("a\tb", lines.readLine());
    assertEquals("\u00e9\u2603", lines.readLine());
    assertEquals("last", lines.readLine());
    assertEquals("", lines.readLine());
    assertEquals("no end", lines.readLine());
    assertEquals(5, lines.lineNumber());
    assertNull(lines.readLine());
  }

  @Test
  void aBadLineIsRefusedWithItsNumberAndTheNextOneReadsOn() throws IOException {
    Utf8Lines lines = reading(utf8("fine\n"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}, // an encoded surrogate
        new byte[] {(byte) 0xC0, (byte) 0xAF, '\n'}, // an overlong '/'
        utf8("after\n"));
    assertEquals("fine", lines.readLine());
    for (long bad = 2; bad <= 4; bad++) {
      Utf8Lines.NotUtf8Exception e = assertThrows(Utf8Lines.NotUtf8Exception.class, lines::readLine);
      assertEquals(bad, e.lineNumber());
      assertEquals("line " + bad + " is not valid UTF-8", e.getMessage());
    }
    assertEquals("after", lines.readLine());
    assertNull(lines.readLine());
  }

  @Test
  void aCharacterSplitAcrossReadsIsOneCharacter() throws IOException {
    byte[] snowman = utf8("\u2603");
    Utf8Lines lines = new Utf8Lines(new java.io.SequenceInputStream(
        new ByteArrayInputStream(new byte[] {snowman[0]}),
        new ByteArrayInputStream(new byte[] {snowman[1], snowman[2], '\n'})));
    assertEquals("\u2603", lines.readLine());
  }
}
