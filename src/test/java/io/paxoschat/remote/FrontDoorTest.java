package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a stranger's connections can do to a node, whose front door caps them and closes those
 * that send no Artery opening in time: a flood past the cap neither stops the node accepting nor
 * keeps its peers out, during the flood or after it.
 */
class FrontDoorTest {

  private static final int CAP = 16;
  private static final int FLOOD = 4 * CAP;
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final List<RemoteNode> nodes = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final BlockingQueue<ProposerMessage> received = new LinkedBlockingQueue<>();
  private ClusterConfig config;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    for (RemoteNode node : nodes) {
      node.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void aFloodPastTheCapNeitherStopsTheNodeAcceptingNorKeepsItsPeersOut() throws Exception {
    RemoteNode node = startNode("front-door { max-connections = " + CAP + ", handshake-timeout = 60s }\n");

    flood(FLOOD);
    // Each connection over the cap closes the oldest one still in its opening: all but the last CAP.
    await(() -> closedByNode() == FLOOD - CAP && counts(node).open() == CAP,
        () -> "the node holds the last " + CAP + " of " + FLOOD + " idle connections: " + closedByNode()
            + " closed, " + counts(node));
    assertEquals(FLOOD - CAP, counts(node).evictedAtCap(), counts(node).toString());

    RemoteNode peer = start(NodeId.replica(1));
    assertTrue(PeerProbe.reaches(peer, 0, received, 1), "a peer gets through while the flood holds the cap");
    peer.stop(Duration.ofSeconds(10));

    closeFlood();
    RemoteNode later = start(NodeId.client(0));
    assertTrue(PeerProbe.reaches(later, 0, received, 1_000), "a node that connects after the flood gets through");
    System.out.printf(Locale.ROOT, "FrontDoorTest: %d idle connections, cap %d: %s%n", FLOOD, CAP, counts(node));
  }

  @Test
  void overTheCapWithEveryConnectionPastItsOpeningANewOneIsClosedAtOnceAndTheListenerGoesOn() throws Exception {
    int cap = 4;
    RemoteNode node = startNode("front-door { max-connections = " + cap + ", handshake-timeout = 60s }\n");
    RemoteNode peer = start(NodeId.replica(1));
    assertTrue(PeerProbe.reaches(peer, 0, received, 1), "the peer reaches the node");
    int peerConnections = counts(node).open();
    // Strangers that send a whole opening, a handshake request in due form, fill the rest of the cap.
    for (int i = peerConnections; i < cap; i++) {
      send(connect(), opening(i));
    }
    await(() -> counts(node).admitted() == cap, () -> "every connection past its opening: " + counts(node));

    for (int i = 0; i < 3; i++) {
      connect();
    }
    await(() -> closedByNode() == 3, () -> "three connections over the cap closed: " + closedByNode() + ", " + counts(node));
    assertEquals(3, counts(node).refusedAtCap(), counts(node).toString());
    assertTrue(PeerProbe.reaches(peer, 0, received, 1_000), "the peer's connections were kept");

    closeFlood();
    await(() -> counts(node).open() == peerConnections, () -> "the strangers' relays closed: " + counts(node));
    RemoteNode later = start(NodeId.client(0));
    assertTrue(PeerProbe.reaches(later, 0, received, 2_000), "the listener still accepts");
  }

  @Test
  void aConnectionThatSendsNoOpeningInTimeIsClosedAndOneThatIsNotArteryAtOnce() throws Exception {
    RemoteNode node = startNode("front-door { handshake-timeout = 1s }\n");
    RemoteNode peer = start(NodeId.replica(1));
    assertTrue(PeerProbe.reaches(peer, 0, received, 1), "the peer reaches the node");

    Socket http = connect();
    send(http, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    await(() -> StrangerSockets.closedByPeer(http), () -> "a connection that is not Artery closed: " + counts(node));
    assertEquals(1, counts(node).notArtery());

    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      connect();
    }
    // A slowloris: the magic header and a frame length, and the frame never comes.
    send(connect(), new byte[] {'A', 'K', 'K', 'A', 2, 16, 0, 0, 0, 1});
    await(() -> closedByNode() == 5, () -> "strangers closed after the handshake timeout: " + counts(node));
    assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "not before the timeout");
    // The peer's connections are older than the strangers' and past their timeout too: kept.
    assertEquals(4, counts(node).timedOut(), counts(node).toString());
    assertTrue(PeerProbe.reaches(peer, 0, received, 1_000), "the peer still reaches the node");
  }

  @Test
  void oneSourceAddressHoldsAtMostItsLimitAndNodesFromOthersStillGetThrough() throws Exception {
    int perAddress = 4;
    RemoteNode node = startNode("front-door { max-connections = " + CAP + ", max-connections-per-address = "
        + perAddress + ", handshake-timeout = 60s }\n");
    // The whole of 127.0.0.0/8 is loopback: strangers at 127.0.0.2 and .3, the node's peers at 127.0.0.1.
    List<Socket> admittedStrangers = new ArrayList<>();
    for (int i = 0; i < perAddress; i++) {
      Socket socket = connectFrom("127.0.0.2");
      send(socket, opening(i + 1));
      admittedStrangers.add(socket);
    }
    await(() -> counts(node).admitted() == perAddress, () -> "a stranger's handshakes in due form: " + counts(node));
    List<Socket> over = List.of(connectFrom("127.0.0.2"), connectFrom("127.0.0.2"), connectFrom("127.0.0.2"));
    await(() -> over.stream().allMatch(StrangerSockets::closedByPeer),
        () -> "connections over the limit of their address, which holds none in its opening, closed: " + counts(node));
    assertEquals(3, counts(node).refusedAtAddressLimit(), counts(node).toString());
    assertTrue(admittedStrangers.stream().noneMatch(StrangerSockets::closedByPeer), "those past their opening kept");

    List<Socket> idle = new ArrayList<>();
    for (int i = 0; i < perAddress + 2; i++) {
      idle.add(connectFrom("127.0.0.3"));
    }
    // Over its limit, an address's oldest connection still in its opening makes room.
    await(() -> idle.stream().filter(StrangerSockets::closedByPeer).count() == 2,
        () -> "the two oldest idle connections of 127.0.0.3 closed: " + counts(node));
    assertTrue(idle.subList(0, 2).stream().allMatch(StrangerSockets::closedByPeer), "the oldest ones");
    assertEquals(2, counts(node).evictedAtAddressLimit(), counts(node).toString());
    assertEquals(0, counts(node).refusedAtCap() + counts(node).evictedAtCap(), "the cap was never reached");

    RemoteNode peer = start(NodeId.replica(1));
    assertTrue(PeerProbe.reaches(peer, 0, received, 1), "a peer from another address gets through");
    System.out.printf(Locale.ROOT, "FrontDoorTest: limit %d per address: %s%n", perAddress, counts(node));
  }

  @Test
  void aFirstFrameOfJunkIsClosedAtOnce() throws Exception {
    RemoteNode node = startNode("front-door { handshake-timeout = 60s }\n");
    RemoteNode peer = start(NodeId.replica(1));
    assertTrue(PeerProbe.reaches(peer, 0, received, 1), "the peer reaches the node");

    // The magic header and a frame of junk: Artery would drop the frame and keep the connection.
    byte[] junk = new byte[100];
    new java.util.Random(13).nextBytes(junk);
    junk[0] = 0; // the envelope version
    Socket junkFrame = connect();
    send(junkFrame, concat(ArteryFrames.connectionHeader(2), ArteryFrames.frame(junk)));
    await(() -> StrangerSockets.closedByPeer(junkFrame), () -> "a frame of junk closed at once: " + counts(node));
    assertEquals(1, counts(node).notArtery(), counts(node).toString());

    assertTrue(PeerProbe.reaches(peer, 0, received, 1_000), "the peer still reaches the node");
  }

  private RemoteNode startNode(String frontDoor) throws InterruptedException {
    config = ClusterConfig.parse(FreePorts.clusterFile(1, frontDoor), Path.of("front-door-test.conf"));
    Behavior<ProposerMessage> recorder = Behaviors.receiveMessage(message -> {
      received.add(message);
      return Behaviors.same();
    });
    RemoteNode node = RemoteNode.start(config, NodeId.replica(0), (ctx, directory, guard) ->
        directory.register(Address.proposer(0), ctx.spawn(guard.guard(ProposerMessage.class, recorder), "proposer")));
    nodes.add(node);
    return node;
  }

  private RemoteNode start(NodeId id) throws InterruptedException {
    RemoteNode node = RemoteNode.start(config, id, (ctx, directory, guard) -> {});
    nodes.add(node);
    return node;
  }

  private static FrontDoor.Counts counts(RemoteNode node) {
    return node.frontDoorCounts().orElseThrow();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", config.replica(0).port()), 5_000);
    sockets.add(socket);
    return socket;
  }

  /** A connection to the node from {@code sourceHost}, a loopback address. */
  private Socket connectFrom(String sourceHost) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.bind(new InetSocketAddress(sourceHost, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", config.replica(0).port()), 5_000);
    return socket;
  }

  private void flood(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      connect();
    }
  }

  private void closeFlood() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  private long closedByNode() {
    return sockets.stream().filter(StrangerSockets::closedByPeer).count();
  }

  /** Artery's magic header, the ordinary stream's id, and a handshake request from a system of uid {@code uid}. */
  private static byte[] opening(long uid) {
    return concat(ArteryFrames.connectionHeader(2),
        ArteryFrames.frame(ArteryFrames.handshakeRequest(uid, uid, 40_000, false)));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static void send(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, () -> "not within " + BOUND + ": " + what.get());
      TimeUnit.MILLISECONDS.sleep(50); // polling a condition, with a bound
    }
  }
}
