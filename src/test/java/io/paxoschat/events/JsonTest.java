package io.paxoschat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "r0|'\"r0\"'",
      "''|'\"\"'",
      "plain then \"quote\"|'\"plain then \\\"quote\\\"\"'",
      "back\\slash|'\"back\\\\slash\"'",
      "é ☃ c1:2 … (3 lines)|'\"é ☃ c1:2 … (3 lines)\"'",
  })
  void escapesOnlyWhatJsonRequires(String text, String expected) {
    StringBuilder out = new StringBuilder();
    Json.string(out, text);
    assertEquals(expected, out.toString());
  }

  @org.junit.jupiter.api.Test
  void controlCharactersAnywhereAreEscaped() {
    StringBuilder out = new StringBuilder();
    Json.string(out, "a\tb\nc\rd\u0001");
    assertEquals("\"a\\tb\\nc\\rd\\u0001\"", out.toString());
    out.setLength(0);
    Json.string(out, "\u0001 first");
    assertEquals("\"\\u0001 first\"", out.toString());
  }
}
