package io.paxoschat.web;

import io.paxoschat.metrics.GatewayMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One chat tab's WebSocket: frames from the tab become {@link TabRequest}s for the gateway (a
 * binary frame, one too large or one that is not a request becomes a {@link TabRequest.Malformed},
 * which the page shows; the connection stays), and the gateway's frames for the tab go out through
 * a bounded queue. A tab that lets {@link #OUT_FRAMES} frames pile up is closed, and reconnects.
 */
final class ChatSocket {

  static final int OUT_FRAMES = 4096;
  /** The largest frame read: a hello carrying many unacknowledged lines of the longest kind. */
  static final int MAX_FRAME_CHARS = 1 << 20;

  private ChatSocket() {}

  static Flow<Message, Message, NotUsed> flow(
      Consumer<GatewayActor.Command> gateway, GatewayMetrics metrics, Materializer materializer) {
    SocketTab tab = new SocketTab();
    // The queue comes to be when the connection's flow runs, not before: a source materialized
    // ahead gives up on a subscriber that comes later than its subscription timeout (5 s), which
    // a loaded machine can take to wire a new WebSocket.
    Source<Message, NotUsed> out = Source.<Message>queue(OUT_FRAMES).mapMaterializedValue(queue -> {
      tab.queue = queue;
      return NotUsed.notUsed();
    });
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, frame -> read(frame, materializer))
        .watchTermination((notUsed, done) -> {
          metrics.webSocketOpened();
          done.whenComplete((ok, error) -> {
            metrics.webSocketClosed();
            gateway.accept(new GatewayActor.TabClosed(tab));
            tab.close();
          });
          return NotUsed.notUsed();
        })
        .to(Sink.foreach(request -> gateway.accept(new GatewayActor.FromTab(tab, request))));
    return Flow.fromSinkAndSourceCoupled(in, out);
  }

  private static CompletionStage<TabRequest> read(Message frame, Materializer materializer) {
    if (!frame.isText()) {
      frame.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return CompletableFuture.completedFuture(
          new TabRequest.Malformed("a binary frame: this chat speaks JSON text frames"));
    }
    TextMessage text = frame.asTextMessage();
    if (text.isStrict()) {
      return CompletableFuture.completedFuture(parse(text.getStrictText()));
    }
    return text.getStreamedText()
        .limitWeighted(MAX_FRAME_CHARS, chunk -> (long) chunk.length())
        .runFold(new StringBuilder(), StringBuilder::append, materializer)
        .handle((whole, error) -> error != null
            ? new TabRequest.Malformed("a frame of more than " + MAX_FRAME_CHARS + " characters")
            : parse(whole.toString()));
  }

  private static TabRequest parse(String frame) {
    if (frame.length() > MAX_FRAME_CHARS) {
      return new TabRequest.Malformed("a frame of more than " + MAX_FRAME_CHARS + " characters");
    }
    return TabRequest.parse(frame);
  }

  /** The tab end of the queue. */
  private static final class SocketTab implements Tab {
    /** Set when the connection's flow runs, before any frame arrives from the tab. */
    private volatile BoundedSourceQueue<Message> queue;

    @Override
    public boolean send(String frame) {
      BoundedSourceQueue<Message> out = queue;
      if (out != null && out.offer(TextMessage.create(frame)).isEnqueued()) {
        return true;
      }
      close();
      return false;
    }

    @Override
    public void close() {
      BoundedSourceQueue<Message> out = queue;
      if (out != null && !out.isCompleted()) {
        out.complete();
      }
    }
  }
}
