package io.paxoschat.web;

import static org.apache.pekko.http.javadsl.model.HttpRequest.GET;
import static org.apache.pekko.http.javadsl.model.HttpRequest.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.metrics.GatewayMetrics;
import io.paxoschat.metrics.MetricsScrape;
import io.paxoschat.paxos.ChatEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.concurrent.Future;

/**
 * Every endpoint of the gateway and every refusal, through Pekko HTTP's route testkit, against
 * the real gateway actors and a {@link FakeCluster} in memory.
 */
class GatewayRoutesTest extends RouteTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  /**
   * How long a hello for a client id another tab holds waits for that tab to go (5 s in the
   * gateway): a duplicated tab costs the test this long, and a reloaded one must see its old
   * socket close within it, which here takes milliseconds.
   */
  private static final Duration DUPLICATE_WAIT = Duration.ofMillis(1500);
  private static final String CLUSTER = "f = 1\n"
      + "replicas = [ { id = 0, host = \"127.0.0.1\", port = 1 }, { id = 1, host = \"127.0.0.1\", port = 2 },"
      + " { id = 2, host = \"127.0.0.1\", port = 3 } ]\n"
      + "clients = [ { id = 0, host = \"127.0.0.1\", port = 4 } ]\n"
      + "max-line-bytes = 64\n"
      + "gateways = [ { id = 0, host = \"127.0.0.1\", port = 5, http-port = 6, client-ids = [100, 102],"
      + " max-name-chars = 8, lines-per-second = 3 } ]\n";

  private ActorSystem<GatewayActor.Command> system;
  private FakeCluster cluster;
  private ClusterView view;
  private GatewayMetrics metrics;
  private Route route;

  @BeforeEach
  void start() {
    ClusterConfig config = ClusterConfig.parse(CLUSTER, Path.of("test.conf"));
    cluster = new FakeCluster();
    view = new ClusterView(3);
    metrics = GatewayMetrics.withJvmMetrics();
    cluster.watch(view);
    system = ActorSystem.create(
        GatewayActor.create(new GatewaySettings(config, config.gateway(0)), cluster, view, metrics, DUPLICATE_WAIT),
        "gateway-test", ConfigFactory.parseString("pekko.actor.provider = local\npekko.remote.artery.enabled = off")
            .withFallback(ConfigFactory.load()));
    route = new GatewayRoutes(system::tell, view, metrics, materializer()).route();
  }

  @AfterEach
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public org.apache.pekko.actor.ActorSystem system() {
    return Adapter.toClassic(system);
  }

  @Override
  public Materializer materializer() {
    return Materializer.matFromSystem(system);
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(org.apache.pekko.http.javadsl.model.HttpRequest request,
      Future<org.apache.pekko.http.javadsl.server.RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system().dispatcher(), materializer()) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean predicate, String message) {
        Assertions.assertTrue(predicate, message);
      }
    };
  }

  // ---- pages and status ---------------------------------------------------------------------

  @Test
  void theChatPageCarriesTheNonceItsPolicyAllows() {
    TestRouteResult page = testRoute(route).run(GET("/")).assertStatusCode(200).assertMediaType("text/html");
    String policy = page.response().getHeader("Content-Security-Policy").get().value();
    Matcher nonce = Pattern.compile("script-src 'nonce-([^']+)'").matcher(policy);
    assertTrue(nonce.find(), policy);
    assertTrue(page.entityString().contains("<script nonce=\"" + nonce.group(1) + "\">"), "the page's script has it");
    assertTrue(page.entityString().contains("id=\"chat\""));
    String again = testRoute(route).run(GET("/")).response().getHeader("Content-Security-Policy").get().value();
    assertTrue(!again.equals(policy), "a fresh nonce per page");
  }

  @Test
  void theClusterPageAndItsStatusAreServed() throws Exception {
    testRoute(route).run(GET("/cluster")).assertStatusCode(200).assertMediaType("text/html")
        .assertHeaderExists("X-Content-Type-Options", "nosniff");
    await(() -> view.majority(System.nanoTime()), "the gateway heard the replicas");
    JsonNode status = JSON.readTree(testRoute(route).run(GET("/cluster/status")).assertStatusCode(200)
        .assertMediaType("application/json").entityString());
    assertEquals(3, status.get("replicas").asInt());
    assertTrue(status.get("majority").asBoolean());
    assertEquals(0, status.get("leader").asInt());
    assertEquals(3, status.get("nodes").size());
  }

  @Test
  void theChatEndpointWantsAWebSocketAndOtherPathsAreNotFound() {
    testRoute(route).run(GET("/chat")).assertStatusCode(StatusCodes.BAD_REQUEST);
    testRoute(route).run(GET("/nothing-here")).assertStatusCode(StatusCodes.NOT_FOUND);
    testRoute(route).run(POST("/")).assertStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
  }

  @Test
  void serverSentEventsCarryTheClusterFigures() throws Exception {
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    try {
      HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/cluster/events"))
          .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
      try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        do {
          line = events.readLine();
        } while (line != null && !line.startsWith("data:"));
        assertNotNull(line, "an event");
        assertEquals(3, JSON.readTree(line.substring(5)).get("replicas").asInt());
      }
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  // ---- chatting -----------------------------------------------------------------------------

  /** One tab's WebSocket: frames to send, frames received. */
  private final class TabSocket {
    final List<JsonNode> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Set<Integer> consumed = new java.util.HashSet<>();
    final java.util.concurrent.CompletableFuture<BoundedSourceQueue<Message>> out =
        new java.util.concurrent.CompletableFuture<>();

    TabSocket() {
      // The queue is made when the connection runs: one made ahead gives up after 5 s without a subscriber.
      Source<Message, org.apache.pekko.NotUsed> frames = Source.<Message>queue(100).mapMaterializedValue(queue -> {
        out.complete(queue);
        return org.apache.pekko.NotUsed.notUsed();
      });
      Flow<Message, Message, ?> client = Flow.fromSinkAndSourceCoupled(Sink.foreach(message -> {
        received.add(JSON.readTree(message.asTextMessage().getStrictText()));
      }), frames);
      testRoute(route).run(WS(Uri.create("/chat"), client, materializer())).assertStatusCode(101);
    }

    void send(String json) {
      offer(TextMessage.create(json));
    }

    void offer(Message message) {
      try {
        out.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offer(message);
      } catch (Exception e) {
        throw new AssertionError("the WebSocket did not open within " + WAIT, e);
      }
    }

    JsonNode await(String type) throws InterruptedException {
      return await(Set.of(type), frame -> true);
    }

    JsonNode await(String type, Predicate<JsonNode> matching) throws InterruptedException {
      return await(Set.of(type), matching);
    }

    /** The first frame of one of these types that matches and was not returned before. */
    JsonNode await(Set<String> types, Predicate<JsonNode> matching) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < received.size(); i++) {
          JsonNode frame = received.get(i);
          if (!consumed.contains(i) && types.contains(frame.get("type").asText()) && matching.test(frame)) {
            consumed.add(i);
            return frame;
          }
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      throw new AssertionError("no " + types + " frame within " + WAIT + "; received " + received);
    }

    void close() {
      out.join().complete();
    }
  }

  private static String hello(String name) {
    return JSON.createObjectNode().put("type", "hello").put("name", name).toString();
  }

  private static String say(long ref, String text) {
    return JSON.createObjectNode().put("type", "say").put("ref", ref).put("text", text).toString();
  }

  private static String send(long seq, String text) {
    return JSON.createObjectNode().put("type", "send").put("seq", seq).put("text", text).toString();
  }

  @Test
  void aTabJoinsSaysALineAndSeesItCommittedUnderItsName() throws Exception {
    TabSocket tab = new TabSocket();
    tab.send(hello("alice"));
    JsonNode welcome = tab.await("welcome");
    assertEquals(101, welcome.get("clientId").asInt(), "the first id of the block is the gateway's own");
    tab.send(say(1, "<b>hi</b>"));
    JsonNode numbered = tab.await("numbered");
    assertEquals(1, numbered.get("ref").asLong());
    assertEquals(1, numbered.get("seq").asLong());
    tab.send(send(1, "<b>hi</b>"));
    assertEquals(1, tab.await("acked").get("upTo").asLong());
    JsonNode line = tab.await("chat", frame -> frame.get("lines").size() > 0).get("lines").get(0);
    assertEquals("alice", line.get("name").asText());
    assertEquals("<b>hi</b>", line.get("text").asText());
    assertEquals(List.of("alice: <b>hi</b>"), cluster.log().stream().map(e -> e.line().text()).toList());
  }

  @Test
  void metricsCountTabsSessionsSocketsAndLinesAsPrometheusText() throws Exception {
    TabSocket tab = tabThatSaid("gina", 2);

    TestRouteResult page = testRoute(route).run(GET("/metrics")).assertStatusCode(200);
    assertTrue(page.response().entity().getContentType().toString().startsWith("text/plain"),
        page.response().entity().getContentType().toString());
    MetricsScrape scrape = MetricsScrape.parse(page.entityString());
    assertEquals(1, scrape.value("paxoschat_gateway_tabs_open"));
    assertEquals(1, scrape.value("paxoschat_gateway_sessions_open"));
    assertEquals(1, scrape.value("paxoschat_gateway_websocket_connections"));
    assertEquals(2, scrape.value("paxoschat_gateway_lines_sent_total"));
    assertEquals(2, scrape.value("paxoschat_gateway_lines_acknowledged_total"));
    assertEquals("histogram", scrape.type("paxoschat_gateway_ack_latency_seconds"));
    assertEquals(2, scrape.value("paxoschat_gateway_ack_latency_seconds_count"));
    assertTrue(scrape.has("jvm_memory_used_bytes"), "JVM metrics");

    tab.close();
    await(() -> {
      MetricsScrape now = MetricsScrape.parse(testRoute(route).run(GET("/metrics")).entityString());
      return now.value("paxoschat_gateway_websocket_connections") == 0 && now.value("paxoschat_gateway_tabs_open") == 0;
    }, "the closed WebSocket and its tab are no longer counted");
    MetricsScrape closed = MetricsScrape.parse(testRoute(route).run(GET("/metrics")).entityString());
    assertEquals(1, closed.value("paxoschat_gateway_sessions_open"), "a session outlives its tab for a while");
  }

  /** A tab that joined as {@code name} and saw its lines "line 1" .. "line {@code lines}" acknowledged. */
  private TabSocket tabThatSaid(String name, int lines) throws InterruptedException {
    TabSocket tab = new TabSocket();
    tab.send(hello(name));
    tab.await("welcome");
    for (int seq = 1; seq <= lines; seq++) {
      tab.send(say(seq, "line " + seq));
      tab.await("numbered");
      tab.send(send(seq, "line " + seq));
    }
    long all = lines;
    tab.await("acked", f -> f.get("upTo").asLong() == all);
    return tab;
  }

  @Test
  void badNamesAreRefusedAndTheTabMayTryAgain() throws Exception {
    TabSocket tab = new TabSocket();
    for (String name : List.of("", "   ", "much-too-long-name", "a:b")) {
      tab.send(hello(name));
      assertEquals(-1, tab.await("refused").get("ref").asLong(), "name '" + name + "'");
    }
    tab.send(hello("bob"));
    tab.await("welcome");
  }

  @Test
  void longLinesFastLinesAndMalformedFramesAreRefusedAndTheTabGoesOn() throws Exception {
    TabSocket tab = new TabSocket();
    tab.send(say(1, "before hello"));
    assertTrue(tab.await("refused").get("reason").asText().contains("hello"));
    tab.send(hello("carol"));
    tab.await("welcome");

    tab.send(say(1, "x".repeat(64)));
    assertTrue(tab.await("refused", f -> f.get("ref").asLong() == 1).get("reason").asText().startsWith("too long"));
    tab.send(say(2, "line\nbreak"));
    tab.await("refused", f -> f.get("ref").asLong() == 2);

    tab.offer(BinaryMessage.create(ByteString.fromString("{}")));
    assertTrue(tab.await("refused").get("reason").asText().contains("binary"));
    tab.send("{not json");
    assertTrue(tab.await("refused").get("reason").asText().startsWith("not JSON"));
    tab.send("{\"type\":\"dance\"}");
    assertTrue(tab.await("refused").get("reason").asText().contains("unknown frame type"));
    tab.send("{\"type\":\"say\",\"ref\":\"one\",\"text\":\"x\"}");
    assertTrue(tab.await("refused").get("reason").asText().contains("'ref'"));

    // lines-per-second = 3: a burst of five has two refused
    for (int ref = 10; ref < 15; ref++) {
      tab.send(say(ref, "line " + ref));
    }
    int numbered = 0;
    int refused = 0;
    for (int ref = 10; ref < 15; ref++) {
      long wanted = ref;
      JsonNode answer = tab.await(Set.of("numbered", "refused"), f -> f.get("ref").asLong() == wanted);
      if (answer.get("type").asText().equals("numbered")) {
        numbered++;
      } else {
        assertTrue(answer.get("reason").asText().startsWith("too fast"), answer.toString());
        refused++;
      }
    }
    assertEquals(3, numbered, "a burst of three passes");
    assertEquals(2, refused);

    tab.send(send(1, "still here"));
    tab.await("acked");
    assertEquals(List.of("carol: still here"), cluster.log().stream().map(e -> e.line().text()).toList());
  }

  @Test
  void aReconnectingTabResendsEachUnacknowledgedLineOnce() throws Exception {
    TabSocket first = new TabSocket();
    first.send(hello("dave"));
    int id = first.await("welcome").get("clientId").asInt();
    first.send(say(1, "one"));
    first.await("numbered");
    first.send(send(1, "one"));
    first.await("acked");

    TabSocket copy = new TabSocket();
    copy.send("{\"type\":\"hello\",\"name\":\"dave\",\"clientId\":" + id + "}");
    copy.await("waiting");
    JsonNode closed = copy.await("closed");
    assertTrue(closed.get("forgetId").asBoolean(), "a duplicated tab, its original still there, is told to take a new id");

    // A reload: the new socket says hello before the gateway hears the old one close.
    TabSocket again = new TabSocket();
    // line 1 was acknowledged before the tab heard so; line 2 was numbered but never sent
    again.send("{\"type\":\"hello\",\"name\":\"dave\",\"clientId\":" + id
        + ",\"pending\":[{\"seq\":1,\"text\":\"one\"},{\"seq\":2,\"text\":\"two\"}]}");
    again.await("waiting");
    first.close();
    assertEquals(id, again.await("welcome").get("clientId").asInt(), "the reloaded tab keeps its id");
    again.await("acked", f -> f.get("upTo").asLong() == 2);
    assertEquals(List.of("dave: one", "dave: two"), cluster.log().stream().map(e -> e.line().text()).toList());
  }

  @Test
  void olderLinesComeFromTheLearnersOnRequest() throws Exception {
    TabSocket tab = tabThatSaid("erin", 3);
    tab.send("{\"type\":\"history\",\"before\":2}");
    JsonNode history = tab.await("history");
    assertEquals(0, history.get("from").asLong());
    assertEquals(2, history.get("lines").size());
    assertEquals("line 1", history.get("lines").get(0).get("text").asText());
    List<ChatEntry> log = cluster.log();
    assertEquals(3, log.size());
  }

  @Test
  void withoutAMajorityBothPagesSaySo() throws Exception {
    TabSocket tab = new TabSocket();
    tab.send(hello("frank"));
    tab.await("welcome");
    tab.await("cluster", f -> f.get("majority").asBoolean());
    cluster.reachable = false;
    JsonNode cut = tab.await("cluster", f -> !f.get("majority").asBoolean());
    assertEquals(0, cut.get("up").asInt());
    JsonNode status = JSON.readTree(testRoute(route).run(GET("/cluster/status")).entityString());
    assertTrue(!status.get("majority").asBoolean());
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
