package io.paxoschat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.chatlog.LogEntry;
import io.paxoschat.paxos.Command;
import io.paxoschat.remote.FreePorts;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The chat in a real browser: headless Chromium (Debian packages {@code chromium} and
 * {@code chromium-driver}, driven by Selenium) opens two chat tabs on a gateway of a cluster of
 * three replica processes. Both tabs send lines and must show the same chat in the same order;
 * the leader replica is SIGKILLed mid-chat and the chat goes on; the gateway itself is SIGKILLed
 * and started again, and the tabs reconnect and go on; a line of markup shows as text; with a
 * second replica paused both pages say a majority is out of reach and a line waits until it is
 * back. In the end every line is in the live replicas' logs exactly once. Screenshots go to {@code target/}.
 */
class WebChatBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void twoTabsChatThroughALeaderCrashAndAGatewayRestart() throws Exception {
    List<Integer> ports = FreePorts.take(2);
    int http = ports.get(1);
    String gateways = "gateways = [ { id = 0, host = \"127.0.0.1\", port = " + ports.get(0) + ", http-port = " + http
        + ", client-ids = [100, 199], lines-per-second = 50 } ]\n";
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, gateways, List.of(List.of()))) {
      NodeProcessHarness.assertExit(0, cluster.cluster("start", "--no-gateways"), "cluster start");
      Process gateway = startGateway(cluster, "gateway-1.out");
      awaitMajority(http);

      WebDriver browser = chromium();
      try {
        String alice = browser.getWindowHandle();
        browser.get("http://127.0.0.1:" + http + "/");
        join(browser, "alice");
        browser.switchTo().newWindow(WindowType.TAB);
        String bob = browser.getWindowHandle();
        browser.get("http://127.0.0.1:" + http + "/");
        join(browser, "bob");

        List<String> said = new ArrayList<>();
        for (int round = 1; round <= 4; round++) {
          say(browser, alice, "alice line " + round, said);
          say(browser, bob, "bob line " + round, said);
        }
        say(browser, alice, "<script>alert(1)</script>", said);
        awaitSameChat(browser, List.of(alice, bob), said);

        int leader = cluster.awaitPrimary(WAIT);
        OptionalLong pid = cluster.pidOf(leader);
        assertTrue(pid.isPresent(), "the leader's pid file");
        ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
        for (int round = 5; round <= 8; round++) {
          say(browser, alice, "alice line " + round, said);
          say(browser, bob, "bob line " + round, said);
        }
        awaitSameChat(browser, List.of(alice, bob), said);
        screenshot(browser, alice, "web-chat.png");

        gateway.destroyForcibly();
        gateway.waitFor(10, TimeUnit.SECONDS);
        gateway = startGateway(cluster, "gateway-2.out");
        awaitMajority(http);
        for (int round = 9; round <= 10; round++) {
          say(browser, alice, "alice line " + round, said);
          say(browser, bob, "bob line " + round, said);
        }
        awaitSameChat(browser, List.of(alice, bob), said);

        browser.switchTo().window(bob);
        WebElement markup = browser.findElements(By.cssSelector("#chat li .text")).stream()
            .filter(e -> e.getText().equals("<script>alert(1)</script>")).findFirst().orElseThrow();
        assertEquals("<script>alert(1)</script>", markup.getText(), "markup shows as text");
        assertTrue(browser.findElements(By.cssSelector("#chat script")).isEmpty(), "no script element in the chat");
        assertNoAlert(browser);

        browser.get("http://127.0.0.1:" + http + "/cluster");
        await("the cluster page shows a replica down", () -> browser.findElements(By.cssSelector("tr.down")).size() == 1);
        // The gateway started again after the leader's crash, so it never watched the view change.
        Map<String, String> figures = figures(browser);
        long viewShown = Long.parseLong(figures.get("view"));
        assertTrue(viewShown >= 1, "the leader's crash moved the view on: " + figures);
        assertEquals(String.valueOf(viewShown), figures.get("view changes"), "view changes agree with the view");
        screenshot(browser, bob, "web-cluster.png");

        Set<Integer> live = new java.util.TreeSet<>(Set.of(0, 1, 2));
        live.remove(leader);
        withoutAMajorityBothPagesSaySoAndALineWaits(browser, cluster, live, alice, bob, said);
        assertEachLineOnce(cluster, live, said);
      } finally {
        browser.quit();
      }
    }
  }

  /**
   * One of the two live replicas paused (SIGSTOP): the gateway reaches one replica of three. The
   * chat tab and the cluster page (already open in {@code clusterTab}) both say so, a line typed
   * meanwhile stays "sending", and once the replica resumes the banners go and the line commits once.
   */
  private static void withoutAMajorityBothPagesSaySoAndALineWaits(WebDriver browser, NodeProcessHarness cluster,
      Set<Integer> live, String chatTab, String clusterTab, List<String> said) throws Exception {
    int paused = live.iterator().next();
    long pid = cluster.pidOf(paused).orElseThrow();
    signal("STOP", pid);
    try {
      browser.switchTo().window(clusterTab);
      await("the cluster page says the gateway reaches no majority", () -> bannerSays(browser, "1 of 3 replicas"));
      browser.switchTo().window(chatTab);
      await("the chat page says the gateway reaches no majority", () -> bannerSays(browser, "1 of 3 replicas"));
      String text = "alice line while a majority is out of reach";
      say(browser, chatTab, text, said);
      await("the line shows as sending", () -> pendingStates(browser).stream().filter("sending"::equals).count() == 1);
      assertEquals(said.size() - 1, chat(browser).size(), "nothing commits without a majority");
      screenshot(browser, chatTab, "web-chat-no-majority.png");
      browser.switchTo().window(clusterTab);
      screenshot(browser, clusterTab, "web-cluster-no-majority.png");
    } finally {
      signal("CONT", pid);
    }
    browser.switchTo().window(chatTab);
    await("the chat page's banner goes once a majority is back", () -> !browser.findElement(By.id("banner")).isDisplayed());
    awaitSameChat(browser, List.of(chatTab), said);
    browser.switchTo().window(clusterTab);
    await("the cluster page's banner goes", () -> !browser.findElement(By.id("banner")).isDisplayed());
  }

  private static boolean bannerSays(WebDriver browser, String words) {
    WebElement banner = browser.findElement(By.id("banner"));
    return banner.isDisplayed() && banner.getText().contains(words) && banner.getText().contains("not a majority");
  }

  @SuppressWarnings("unchecked")
  private static List<String> pendingStates(WebDriver browser) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('#pending li .state')].map(s => s.textContent)");
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
  }

  private static Process startGateway(NodeProcessHarness cluster, String out) throws Exception {
    return cluster.start(cluster.dir.resolve(out), "web", "--config", cluster.config.toString(),
        "--logs", cluster.logs.toString());
  }

  private static void join(WebDriver browser, String name) {
    browser.findElement(By.id("name")).sendKeys(name);
    browser.findElement(By.id("join")).click();
    await(name + " is in the chat", () -> browser.findElement(By.id("status")).getText().startsWith("in the chat as"));
  }

  /** Types a line in a tab once the tab is in the chat (it may be reconnecting). */
  private static void say(WebDriver browser, String tab, String text, List<String> said) {
    browser.switchTo().window(tab);
    await("tab " + tab + " can send", () -> browser.findElement(By.id("line")).isEnabled());
    WebElement line = browser.findElement(By.id("line"));
    line.sendKeys(text);
    browser.findElement(By.id("send")).click();
    said.add(text);
  }

  /** Waits until every tab shows exactly the lines said, each once, and all tabs the same lines in the same order. */
  private static void awaitSameChat(WebDriver browser, List<String> tabs, List<String> said) {
    Map<String, List<String>> chats = new HashMap<>();
    await("every tab shows the " + said.size() + " lines, in the same order", () -> {
      for (String tab : tabs) {
        browser.switchTo().window(tab);
        chats.put(tab, chat(browser));
      }
      List<String> first = chats.get(tabs.get(0));
      return first.size() == said.size() && chats.values().stream().allMatch(first::equals);
    }, () -> "chats: " + chats);
    List<String> texts = chats.get(tabs.get(0)).stream().map(l -> l.substring(l.indexOf(": ") + 2)).sorted().toList();
    assertEquals(said.stream().sorted().toList(), texts, "each line once");
  }

  @SuppressWarnings("unchecked")
  private static List<String> chat(WebDriver browser) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('#chat li')].map(li => li.dataset.slot + ' ' "
            + "+ li.querySelector('.name').textContent + ': ' + li.querySelector('.text').textContent)");
  }

  /**
   * The figures the cluster page shows, by label, read in one script: the page renders them anew
   * every second, so elements found one by one may be gone by the time they are read.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String> figures(WebDriver browser) {
    return (Map<String, String>) ((JavascriptExecutor) browser).executeScript(
        "const shown = {};"
            + " for (const f of document.querySelectorAll('#figures .figure')) {"
            + "   shown[f.querySelector('span').textContent] = f.querySelector('b').textContent; }"
            + " return shown;");
  }

  private static void assertNoAlert(WebDriver browser) {
    try {
      browser.switchTo().alert();
      fail("an alert opened: markup ran");
    } catch (NoAlertPresentException expected) {
      // the line stayed text
    }
  }

  private static void assertEachLineOnce(NodeProcessHarness cluster, Set<Integer> live, List<String> said)
      throws Exception {
    await("the live replicas' logs hold every line", () -> {
      try {
        return live.stream().allMatch(r -> texts(cluster, r).size() >= said.size());
      } catch (Exception e) {
        return false;
      }
    });
    for (int replica : live) {
      List<String> texts = texts(cluster, replica).stream().map(t -> t.substring(t.indexOf(": ") + 2)).sorted().toList();
      assertEquals(said.stream().sorted().toList(), texts, "replica-" + replica + " holds each line once");
    }
  }

  private static List<String> texts(NodeProcessHarness cluster, int replica) {
    try {
      List<String> texts = new ArrayList<>();
      for (String line : cluster.logOf(replica)) {
        LogEntry entry = ChatLogFormat.parse(line);
        for (Command.ChatLine chat : Command.linesOf(entry.command())) {
          texts.add(chat.text());
        }
      }
      return texts;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitMajority(int http) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await("the gateway serves and reaches a majority", () -> {
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + http + "/cluster/status")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("\"majority\":true");
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static void screenshot(WebDriver browser, String tab, String name) throws Exception {
    browser.switchTo().window(tab);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path to = Path.of("target", name).toAbsolutePath();
    Files.createDirectories(to.getParent());
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(to) > 10_000, "a screenshot: " + to);
  }

  private static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> detail) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + WAIT.toSeconds() + " s: " + what + " " + detail.get());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  /** Headless Chromium from the Debian packages, without Selenium Manager (no network here). */
  static WebDriver chromium() {
    String browser = firstExecutable(System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
    String driver = firstExecutable(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver",
        "/usr/lib/chromium/chromedriver");
    if (browser == null || driver == null) {
      fail("needs chromium and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does),"
          + " or CHROMIUM and CHROMEDRIVER naming them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1100,800", "--disable-background-networking", "--disable-component-update",
        "--no-first-run");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static String firstExecutable(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }
}
