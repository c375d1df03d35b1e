package io.paxoschat.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bytes written in place are the JDK's UTF-8 bytes, and nothing outside them is touched. */
class Utf8BytesTest {

  private static final String[] TEXTS = {
    "", "hello", "a\tb", "\u00e9t\u00e9 \u2603 \u4f60\u597d", "ascii then \u00e9", "\uD83D\uDE00 emoji",
    "lone high \uD800", "\uDC00 lone low", "pair at end \uD83D\uDE00", "\u00ff\u0080\u07ff\u0800\uffff",
    "x".repeat(4096), "\uD800\uD800\uDC00",
  };

  @Test
  void writesTheJdksBytesAtTheOffsetAndSaysWhereTheyEnd() {
    for (String text : TEXTS) {
      assertSameAsJdk(text, 0);
      assertSameAsJdk(text, 7);
    }
  }

  @Test
  void randomTextOfEveryCharRangeMatchesTheJdk() {
    Random random = new Random(20261130);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        int kind = random.nextInt(5);
        text.append(switch (kind) {
          case 0, 1 -> (char) random.nextInt(0x80);
          case 2 -> (char) (0x80 + random.nextInt(0x780));
          case 3 -> (char) (0xD800 + random.nextInt(0x800)); // surrogates, paired or not
          default -> (char) random.nextInt(0x10000);
        });
      }
      assertSameAsJdk(text.toString(), random.nextInt(5));
    }
  }

  private static void assertSameAsJdk(String text, int at) {
    byte[] expected = text.getBytes(StandardCharsets.UTF_8);
    assertTrue(expected.length <= Utf8Bytes.maxLength(text), text);
    byte[] dst = new byte[at + Utf8Bytes.maxLength(text) + 3];
    Arrays.fill(dst, (byte) 0x5a);
    int end = Utf8Bytes.put(text, dst, at);
    assertEquals(at + expected.length, end, text);
    assertArrayEquals(expected, Arrays.copyOfRange(dst, at, end), text);
    for (int i = 0; i < dst.length; i++) {
      if (i < at || i >= end) {
        assertEquals((byte) 0x5a, dst[i], "byte " + i + " of " + text);
      }
    }
  }
}
