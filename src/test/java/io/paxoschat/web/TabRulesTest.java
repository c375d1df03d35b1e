package io.paxoschat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a tab may say, how fast, the frames it sends, and how names travel in the log. */
class TabRulesTest {

  private final LineRules rules = new LineRules(20, 5);

  @Test
  void namesAreOneToMaxCharactersWithoutColonsOrControls() {
    assertNull(rules.problemWithName("alice"));
    assertNull(rules.problemWithName("élan"));
    assertNotNull(rules.problemWithName(""));
    assertNotNull(rules.problemWithName(null));
    assertNotNull(rules.problemWithName("alicia"));
    assertNotNull(rules.problemWithName("a:b"));
    assertNotNull(rules.problemWithName("a\u0007"));
    assertNotNull(rules.problemWithName(" al"));
  }

  @Test
  void aLineFitsMaxLineBytesWithTheNameInFront() {
    assertNull(rules.problemWithLine("bob", "x".repeat(15))); // "bob: " + 15 = 20 bytes
    assertTrue(rules.problemWithLine("bob", "x".repeat(16)).startsWith("too long: 21 bytes"));
    assertTrue(rules.problemWithLine("bob", "é".repeat(8)).startsWith("too long"), "bytes, not characters");
    assertNull(rules.problemWithLine("bob", "a\tb"), "a tab is text like any other");
    assertNotNull(rules.problemWithLine("bob", "a\nb"));
    assertNotNull(rules.problemWithLine("bob", "  "));
  }

  @Test
  void theRateAllowsABurstThenRefillsWithTime() {
    RateLimit limit = new RateLimit(2);
    assertTrue(limit.tryTake(0));
    assertTrue(limit.tryTake(1));
    assertFalse(limit.tryTake(2));
    assertFalse(limit.tryTake(400_000_000L));
    assertTrue(limit.tryTake(600_000_000L));
    assertFalse(limit.tryTake(700_000_000L));
  }

  @Test
  void namesGoInFrontOfTheTextAndComeBack() {
    assertEquals(new ChatText("ann", "hi: there"), ChatText.parse(ChatText.line("ann", "hi: there")));
    assertEquals(new ChatText(null, "no name here"), ChatText.parse("no name here"));
    assertEquals(new ChatText(null, ": starts with a colon"), ChatText.parse(": starts with a colon"));
  }

  @Test
  void framesParseOrSayWhatIsWrong() {
    assertEquals(new TabRequest.Hello("ann", 101, List.of(new TabRequest.Pending(3, "x"))),
        TabRequest.parse("{\"type\":\"hello\",\"name\":\"ann\",\"clientId\":101,\"pending\":[{\"seq\":3,\"text\":\"x\"}]}"));
    assertEquals(new TabRequest.Hello("ann", null, List.of()), TabRequest.parse("{\"type\":\"hello\",\"name\":\"ann\"}"));
    assertEquals(new TabRequest.Say(4, "<i>hi</i>"), TabRequest.parse("{\"type\":\"say\",\"ref\":4,\"text\":\"<i>hi</i>\"}"));
    assertEquals(new TabRequest.Send(7, "x"), TabRequest.parse("{\"type\":\"send\",\"seq\":7,\"text\":\"x\"}"));
    assertEquals(new TabRequest.History(9), TabRequest.parse("{\"type\":\"history\",\"before\":9}"));
    for (String bad : List.of("", "[]", "3", "{", "{\"type\":\"say\",\"ref\":-1,\"text\":\"x\"}",
        "{\"type\":\"say\",\"ref\":1.5,\"text\":\"x\"}", "{\"type\":\"send\",\"seq\":1,\"text\":5}",
        "{\"type\":\"hello\",\"name\":\"a\",\"pending\":{}}", "{\"type\":\"hello\",\"name\":\"a\",\"clientId\":9999999999}")) {
      assertInstanceOf(TabRequest.Malformed.class, TabRequest.parse(bad), bad);
    }
  }
}
