package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8TextTest {

  private static final String[] TEXTS = {
    "", "hello", "a\tb", "\u00e9t\u00e9 \u2603 \u4f60\u597d", "ascii then \u00e9", "\uD83D\uDE00 emoji",
    "lone high \uD800", "\uDC00 lone low", "pair at end \uD83D\uDE00", "\u00ff\u0080\u07ff\u0800\uffff",
    "x".repeat(4096), "\uD800\uD800\uDC00",
  };

  @Test
  void holdsTheJdksBytesAndCopiesThemOutWhereAsked() {
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

  @Test
  void aTextFromBytesIsTheTextTheBytesEncode() {
    for (String text : TEXTS) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      Utf8Text decoded = Utf8Text.decode(bytes.clone());
      assertEquals(new String(bytes, StandardCharsets.UTF_8), decoded.toString());
      assertEquals(Utf8Text.of(text), decoded, "equal by bytes, however each was made");
      assertEquals(Utf8Text.of(text).hashCode(), decoded.hashCode());
      assertEquals(bytes.length, decoded.length());
    }
  }

  @Test
  void aLoneSurrogateReadsBackAsTheQuestionMarkItWasWrittenAs() {
    Utf8Text text = Utf8Text.of("a\uD800b");
    assertEquals("a?b", text.toString());
    assertEquals(Utf8Text.of("a?b"), text);
    assertEquals("\uD83D\uDE00", Utf8Text.of("\uD83D\uDE00").toString(), "a pair is kept");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[][] malformed = {
      {(byte) 0xff}, {(byte) 0xc3}, {'a', (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate
      {(byte) 0xc0, (byte) 0xaf}, // an overlong '/'
    };
    for (byte[] bytes : malformed) {
      assertThrows(IllegalArgumentException.class, () -> Utf8Text.decode(bytes), Arrays.toString(bytes));
    }
  }

  @Test
  void findsLineBreaksAndNothingElse() {
    assertTrue(Utf8Text.of("one\ntwo").hasLineBreak());
    assertTrue(Utf8Text.of("one\rtwo").hasLineBreak());
    assertFalse(Utf8Text.of("\u4f60\u597d \u0a0d\u0d0a \uD83D\uDE00").hasLineBreak(),
        "no byte of a longer character is a line break");
    assertNotEquals(Utf8Text.of("a"), Utf8Text.of("b"));
  }

  private static void assertSameAsJdk(String text, int at) {
    byte[] expected = text.getBytes(StandardCharsets.UTF_8);
    Utf8Text utf8 = Utf8Text.of(text);
    assertEquals(expected.length, utf8.length(), text);
    byte[] dst = new byte[at + expected.length + 3];
    Arrays.fill(dst, (byte) 0x5a);
    int end = utf8.copyTo(dst, at);
    assertEquals(at + expected.length, end, text);
    assertArrayEquals(expected, Arrays.copyOfRange(dst, at, end), text);
    for (int i = 0; i < dst.length; i++) {
      if (i < at || i >= end) {
        assertEquals((byte) 0x5a, dst[i], "byte " + i + " of " + text);
      }
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(expected.length + 2).position(1);
    utf8.putInto(direct);
    assertEquals(1 + expected.length, direct.position());
    assertEquals(new String(expected, StandardCharsets.UTF_8), utf8.toString());
  }
}
