package io.paxoschat.remote;

import io.paxoschat.config.FrontDoorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's listener in front of Artery, which listens on a private loopback port: it accepts on
 * the node's public port, caps the connections it holds, closes those that do not send Artery's
 * opening in time, and relays every other byte both ways unchanged.
 *
 * <p>Why not Artery's own listener: it has neither a cap nor a handshake timeout, and Pekko's
 * TCP layer under it, once at {@code pekko.io.tcp.max-channels}, closes the connection it cannot
 * register without asking for the next one, so it never accepts again. This listener never
 * stops accepting: over the cap it first closes the oldest connection still in its opening (a
 * peer's opening takes milliseconds, a stranger's never ends), else the new one, at once.
 *
 * <p>Peers know each other by the origin address inside Artery's handshake, not by a socket's
 * source, so Artery seeing every inbound connection come from loopback changes nothing.
 * One thread, non-blocking; a connection costs two sockets and two buffers.
 */
public final class FrontDoor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);
  /** Client to Artery, where the messages go: room for several frames per read. */
  private static final int INBOUND_BUFFER = 32 * 1024;
  /** Artery to client: only TLS handshakes travel this way on an inbound connection. */
  private static final int OUTBOUND_BUFFER = 8 * 1024;
  /** Accepts per wake-up, so a flood of connects cannot starve the relays. */
  private static final int ACCEPTS_PER_ROUND = 64;
  /** After an accept fails (no file descriptors left), how long to leave the backlog alone. */
  private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** What the door did since it opened. */
  public record Counts(long admitted, long refusedAtCap, long evictedAtCap, long refusedAtAddressLimit,
      long evictedAtAddressLimit, long timedOut, long notArtery, int open) {}

  private final ServerSocketChannel listener;
  /** Set once, by {@link #relayTo}, before the door's thread starts. */
  private InetSocketAddress artery;
  private final FrontDoorConfig config;
  private final Supplier<ArteryOpening> openings;
  private final Selector selector;
  private final Thread thread;
  private final LinkedHashSet<Relay> opening = new LinkedHashSet<>();
  private int open;
  /** Connections held per source address, to keep one source from taking the whole cap. */
  private final Map<InetAddress, Integer> openFrom = new HashMap<>();
  private long acceptPausedUntil;
  private volatile boolean closing;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong refusedAtCap = new AtomicLong();
  private final AtomicLong evictedAtCap = new AtomicLong();
  private final AtomicLong refusedAtAddressLimit = new AtomicLong();
  private final AtomicLong evictedAtAddressLimit = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong notArtery = new AtomicLong();
  private volatile int openNow;

  private FrontDoor(ServerSocketChannel listener, Selector selector, FrontDoorConfig config,
      Supplier<ArteryOpening> openings, String name) {
    this.listener = listener;
    this.selector = selector;
    this.config = config;
    this.openings = openings;
    this.thread = new Thread(this::run, "front-door-" + name);
    this.thread.setDaemon(true);
  }

  /**
   * Listens on {@code publicAddress}; connections wait in the backlog until {@link #relayTo} names
   * Artery's address. Binding before the actor system starts keeps the node's port from being
   * refused while Artery starts, and finds a taken port before anything else is started.
   *
   * @throws IOException when the public address cannot be bound (taken, or not this host's)
   */
  public static FrontDoor bind(InetSocketAddress publicAddress, FrontDoorConfig config,
      Supplier<ArteryOpening> openings, String name) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    Selector selector = Selector.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(publicAddress, 1024);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      listener.close();
      selector.close();
      throw e;
    }
    return new FrontDoor(listener, selector, config, openings, name);
  }

  /** Starts accepting and relaying to Artery at {@code artery}. */
  public void relayTo(InetSocketAddress artery) {
    this.artery = artery;
    thread.start();
  }

  public Counts counts() {
    return new Counts(admitted.get(), refusedAtCap.get(), evictedAtCap.get(), refusedAtAddressLimit.get(),
        evictedAtAddressLimit.get(), timedOut.get(), notArtery.get(), openNow);
  }

  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops listening and closes every connection; waits for the door's thread at most a few seconds. */
  @Override
  public void close() {
    closing = true;
    if (artery == null) {
      quietly(listener);
      quietly(selector);
      return;
    }
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!closing) {
        selector.select(this::handle, selectTimeoutMillis());
        long now = System.nanoTime();
        closeExpiredOpenings(now);
        if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
          acceptPausedUntil = 0;
          listener.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
        }
        openNow = open;
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closing) {
        log.error("front door stopped: {}", e.toString());
      }
    } finally {
      // What relaying cost, for bin/bench-remote's runs to read in the node's debug log.
      log.info("front door closed: {}; its thread used {} ms of CPU", counts(),
          TimeUnit.NANOSECONDS.toMillis(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
      for (SelectionKey key : selector.keys()) {
        if (key.attachment() instanceof Relay relay) {
          relay.closeQuietly();
        }
      }
      quietly(listener);
      quietly(selector);
      openNow = 0;
    }
  }

  /** Until the oldest opening runs out of time (or accepting resumes); 0 waits for an event. */
  private long selectTimeoutMillis() {
    long now = System.nanoTime();
    long until = Long.MAX_VALUE;
    if (!opening.isEmpty()) {
      until = opening.iterator().next().deadline - now;
    }
    if (acceptPausedUntil != 0) {
      until = Math.min(until, acceptPausedUntil - now);
    }
    return until == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(until) + 1);
  }

  private void handle(SelectionKey key) {
    if (key.channel() == listener) {
      acceptSome();
      return;
    }
    Relay relay = (Relay) key.attachment();
    try {
      relay.onReady(key);
    } catch (IOException | CancelledKeyException e) {
      log.debug("front door: connection from {} ended: {}", relay.from, e.toString());
      relay.close();
    } catch (RuntimeException e) {
      // A fault in one relay ends that connection; the door goes on for the others.
      log.warn("front door: relaying from {} failed, closed it", relay.from, e);
      relay.close();
    }
  }

  private void acceptSome() {
    for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        // Out of file descriptors, most likely: leave the backlog for a moment rather than spin.
        log.warn("front door cannot accept a connection: {}", e.toString());
        listener.keyFor(selector).interestOps(0);
        acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        return;
      }
      if (client == null) {
        return;
      }
      InetAddress source = sourceOf(client);
      if (source == null) {
        quietly(client); // gone already
        continue;
      }
      if (openFrom.getOrDefault(source, 0) >= config.maxConnectionsPerAddress() && !evictOldestOpeningFrom(source)) {
        refusedAtAddressLimit.incrementAndGet();
        log.warn("front door holds {} connections from {}, its limit per address, all past their opening:"
            + " closed a new one", config.maxConnectionsPerAddress(), source);
        quietly(client);
        continue;
      }
      if (open >= config.maxConnections() && !evictOldestOpening()) {
        refusedAtCap.incrementAndGet();
        log.warn("front door holds its cap of {} connections, all past their opening: closed a new one",
            config.maxConnections());
        quietly(client);
        continue;
      }
      Relay relay = new Relay(client, source);
      try {
        relay.start();
      } catch (IOException e) {
        log.debug("front door: could not relay a connection: {}", e.toString());
        relay.close();
      }
    }
  }

  private boolean evictOldestOpening() {
    if (opening.isEmpty()) {
      return false;
    }
    Relay oldest = opening.iterator().next();
    evictedAtCap.incrementAndGet();
    log.warn("front door at its cap of {} connections: closed the oldest that had not sent Artery's opening",
        config.maxConnections());
    oldest.close();
    return true;
  }

  /** Like {@link #evictOldestOpening}, among the connections from {@code source}. */
  private boolean evictOldestOpeningFrom(InetAddress source) {
    for (Relay relay : opening) {
      if (relay.source.equals(source)) {
        evictedAtAddressLimit.incrementAndGet();
        log.warn("front door at its limit of {} connections from {}: closed the oldest of them that had not sent"
            + " Artery's opening", config.maxConnectionsPerAddress(), source);
        relay.close();
        return true;
      }
    }
    return false;
  }

  private void closeExpiredOpenings(long now) {
    Iterator<Relay> oldestFirst = opening.iterator();
    while (oldestFirst.hasNext()) {
      Relay relay = oldestFirst.next();
      if (relay.deadline - now > 0) {
        return;
      }
      oldestFirst.remove();
      timedOut.incrementAndGet();
      log.debug("front door: {} sent no Artery opening within {}, closed", relay.from, config.handshakeTimeout());
      relay.close();
    }
  }

  private static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing either way
    }
  }

  /** One inbound connection and its twin to Artery. */
  private final class Relay {
    final SocketChannel client;
    final Object from;
    final InetAddress source;
    final long deadline;
    final ArteryOpening check = openings.get();
    /** Bytes from the client not yet written to Artery (filled from 0 to position). */
    final ByteBuffer inbound = ByteBuffer.allocateDirect(INBOUND_BUFFER);
    /** Bytes from Artery not yet written to the client. */
    final ByteBuffer outbound = ByteBuffer.allocateDirect(OUTBOUND_BUFFER);
    SocketChannel backend;
    SelectionKey clientKey;
    SelectionKey backendKey;
    boolean clientEnded;
    boolean backendEnded;
    boolean closed;

    Relay(SocketChannel client, InetAddress source) {
      this.client = client;
      this.source = source;
      this.from = remoteOf(client);
      this.deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
    }

    void start() throws IOException {
      open++;
      openFrom.merge(source, 1, Integer::sum);
      opening.add(this);
      client.configureBlocking(false);
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      clientKey = client.register(selector, SelectionKey.OP_READ, this);
      if (check.needsArteryToOpen()) {
        connectToArtery();
      }
    }

    /**
     * Over plain TCP, only once the opening is whole (or fills the buffer: a first frame that
     * long has shown a valid envelope header), so a stranger costs Artery nothing; over TLS at
     * once, since the handshake needs Artery's answers.
     */
    private void connectToArtery() throws IOException {
      backend = SocketChannel.open();
      backend.configureBlocking(false);
      backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = backend.connect(artery);
      backendKey = backend.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
    }

    void onReady(SelectionKey key) throws IOException {
      if (!key.isValid()) {
        return;
      }
      if (key == backendKey && key.isConnectable()) {
        backend.finishConnect();
      }
      if (key == clientKey && key.isReadable()) {
        readClient();
      }
      if (!closed && key == backendKey && key.isReadable()) {
        readBackend();
      }
      if (!closed) {
        flush();
      }
    }

    private void readClient() throws IOException {
      int before = inbound.position();
      int read = client.read(inbound);
      if (read < 0) {
        clientEnded = true;
        return;
      }
      if (read > 0 && opening.contains(this)) {
        ArteryOpening.Verdict verdict = check.feed(inbound.duplicate().position(before).limit(inbound.position()));
        switch (verdict) {
          case COMPLETE -> {
            opening.remove(this);
            admitted.incrementAndGet();
          }
          case NOT_ARTERY -> {
            notArtery.incrementAndGet();
            log.debug("front door: {} does not speak Artery, closed", from);
            close();
            return;
          }
          case INCOMPLETE -> { }
        }
      }
      if (backend == null && (!opening.contains(this) || !inbound.hasRemaining())) {
        connectToArtery();
      }
    }

    private void readBackend() throws IOException {
      if (backend.read(outbound) < 0) {
        backendEnded = true;
      }
    }

    /** Writes what each side has for the other, then asks for what can happen next. */
    private void flush() throws IOException {
      boolean backendUp = backend != null && backend.isConnected();
      if (backendUp && inbound.position() > 0) {
        inbound.flip();
        backend.write(inbound);
        inbound.compact();
      }
      if (outbound.position() > 0) {
        outbound.flip();
        client.write(outbound);
        outbound.compact();
      }
      // Either side ending ends both, once what it sent has been passed on (Artery reads a
      // connection's end as the end of its stream, with no half-close); a client that leaves
      // before its opening is whole leaves nothing Artery would take.
      if ((clientEnded && (inbound.position() == 0 || backend == null))
          || (backendEnded && outbound.position() == 0)) {
        close();
        return;
      }
      clientKey.interestOps((inbound.hasRemaining() && !clientEnded ? SelectionKey.OP_READ : 0)
          | (outbound.position() > 0 ? SelectionKey.OP_WRITE : 0));
      if (backendKey != null) {
        backendKey.interestOps(!backendUp ? SelectionKey.OP_CONNECT
            : (outbound.hasRemaining() && !backendEnded ? SelectionKey.OP_READ : 0)
                | (inbound.position() > 0 ? SelectionKey.OP_WRITE : 0));
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closeQuietly();
      opening.remove(this);
      open--;
      openFrom.computeIfPresent(source, (address, count) -> count == 1 ? null : count - 1);
    }

    void closeQuietly() {
      closed = true;
      quietly(client);
      if (backend != null) {
        quietly(backend);
      }
    }
  }

  /** The address a connection comes from; null once it is gone. */
  private static InetAddress sourceOf(SocketChannel channel) {
    return remoteOf(channel) instanceof InetSocketAddress address ? address.getAddress() : null;
  }

  private static Object remoteOf(SocketChannel channel) {
    try {
      return channel.getRemoteAddress();
    } catch (IOException e) {
      return "a closed connection";
    }
  }
}
