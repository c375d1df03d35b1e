package io.paxoschat.web;

import io.paxoschat.metrics.GatewayMetrics;
import io.paxoschat.metrics.PrometheusText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The gateway's HTTP endpoints: the chat page {@code /} and its WebSocket {@code /chat}; the
 * cluster page {@code /cluster}, its live figures as server-sent events {@code /cluster/events}
 * and once as JSON {@code /cluster/status}; the gateway's metrics {@code /metrics} (Prometheus text). The pages are self-contained (no network beyond the
 * gateway), and each carries a fresh script nonce in its Content-Security-Policy, so markup that
 * found its way into the page could not run a script.
 */
final class GatewayRoutes extends AllDirectives {

  static final Duration EVENTS_EVERY = Duration.ofSeconds(1);
  private static final SecureRandom NONCES = new SecureRandom();
  private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse(PrometheusText.CONTENT_TYPE);

  private final Consumer<GatewayActor.Command> gateway;
  private final ClusterView view;
  private final GatewayMetrics metrics;
  private final Materializer materializer;
  private final String chatPage = resource("chat.html");
  private final String clusterPage = resource("cluster.html");

  GatewayRoutes(Consumer<GatewayActor.Command> gateway, ClusterView view, GatewayMetrics metrics,
      Materializer materializer) {
    this.gateway = gateway;
    this.view = view;
    this.metrics = metrics;
    this.materializer = materializer;
  }

  Route route() {
    return get(() -> concat(
        pathSingleSlash(() -> page(chatPage)),
        path("chat", () -> handleWebSocketMessages(ChatSocket.flow(gateway, metrics, materializer))),
        path("cluster", () -> page(clusterPage)),
        path(PathMatchers.segment("cluster").slash("status"), () -> complete(
            HttpEntities.create(ContentTypes.APPLICATION_JSON, view.json(System.nanoTime())))),
        path(PathMatchers.segment("cluster").slash("events"), () -> completeOK(events(),
            EventStreamMarshalling.toEventStream())),
        path("metrics", () -> complete(HttpEntities.create(PROMETHEUS_TEXT, PrometheusText.scrape(metrics.registry()))))));
  }

  private Source<ServerSentEvent, NotUsed> events() {
    return Source.tick(Duration.ZERO, EVENTS_EVERY, "tick")
        .map(tick -> ServerSentEvent.create(view.json(System.nanoTime())))
        .mapMaterializedValue(cancellable -> NotUsed.notUsed());
  }

  private Route page(String template) {
    byte[] bytes = new byte[18];
    NONCES.nextBytes(bytes);
    String nonce = Base64.getEncoder().encodeToString(bytes);
    List<HttpHeader> headers = List.of(
        RawHeader.create("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "';"
            + " style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:"),
        RawHeader.create("X-Content-Type-Options", "nosniff"),
        RawHeader.create("Cache-Control", "no-store"));
    return complete(HttpResponse.create().withStatus(StatusCodes.OK).addHeaders(headers)
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, template.replace("__NONCE__", nonce))));
  }

  private static String resource(String name) {
    try (InputStream in = GatewayRoutes.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks /web/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
