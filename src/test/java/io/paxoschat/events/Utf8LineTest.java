package io.paxoschat.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer's byte line says exactly what {@link Json} and the JDK's UTF-8 encoder say. */
class Utf8LineTest {

  @ParameterizedTest
  @ValueSource(strings = {"r0", "", "plain then \"quote\"", "back\\slash", "é ☃ c1:2 … (3 lines)",
      "a\tb\nc\rd\u0001", "\u0001 first", "emoji \uD83D\uDE00 pair", "lone \uD800 surrogate", "\u07ff\u0800\uffff"})
  void stringsAreTheBytesOfJsonsText(String text) {
    StringBuilder json = new StringBuilder();
    Json.string(json, text);
    Utf8Line line = new Utf8Line();
    line.string(text);
    assertArrayEquals(json.toString().getBytes(StandardCharsets.UTF_8), line.toBytes(), text);
  }

  @Test
  void numbersAreTheirDecimalDigits() {
    long[] numbers = {0, 7, 10, -1, -10, 1_796_061_019_819_164L, Long.MAX_VALUE, Long.MIN_VALUE};
    Utf8Line line = new Utf8Line();
    StringBuilder expected = new StringBuilder();
    for (long number : numbers) {
      line.number(number).ascii(',');
      expected.append(number).append(',');
    }
    assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), line.toBytes());
  }

  @Test
  void aLineLongerThanTheBufferGrowsIt() {
    String text = "x".repeat(5_000) + "\u2026";
    Utf8Line line = new Utf8Line();
    line.ascii("{\"d\":").string(text).json("}");
    assertArrayEquals(("{\"d\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8), line.toBytes());
  }
}
