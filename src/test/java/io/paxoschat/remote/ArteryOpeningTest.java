package io.paxoschat.remote;

import static io.paxoschat.remote.ArteryOpening.Verdict.COMPLETE;
import static io.paxoschat.remote.ArteryOpening.Verdict.INCOMPLETE;
import static io.paxoschat.remote.ArteryOpening.Verdict.NOT_ARTERY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArteryOpeningTest {

  private static ArteryOpening plain() {
    return ArteryOpening.forTransport(ConfigFactory.parseMap(Map.of("pekko.remote.artery.transport", "tcp"))
        .withFallback(ConfigFactory.load()));
  }

  private static ArteryOpening tls() {
    return ArteryOpening.forTransport(ConfigFactory.parseMap(Map.of("pekko.remote.artery.transport", "tls-tcp"))
        .withFallback(ConfigFactory.load()));
  }

  /** Feeds {@code bytes} in pieces of {@code piece} bytes; the verdicts, one per piece. */
  private static List<ArteryOpening.Verdict> feed(ArteryOpening check, byte[] bytes, int piece) {
    List<ArteryOpening.Verdict> verdicts = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += piece) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
      int position = buffer.position();
      verdicts.add(check.feed(buffer));
      assertEquals(position, buffer.position(), "the check leaves the bytes for the relay");
    }
    return verdicts;
  }

  private static byte[] bytes(int... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int value : values) {
      out.write(value);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static final byte[] AKKA_ORDINARY = concat("AKKA".getBytes(StandardCharsets.US_ASCII), bytes(2));

  private static final long UID = 0x1234_5678_9abc_def0L;

  @Test
  void theMagicHeaderAndAWholeHandshakeRequestCompleteAPlainOpening() {
    byte[] opening = concat(AKKA_ORDINARY, ArteryFrames.frame(ArteryFrames.handshakeRequest(UID, UID, 30_001, false)));
    assertEquals(List.of(COMPLETE), feed(plain(), opening, opening.length));
    List<ArteryOpening.Verdict> byteByByte = feed(plain(), opening, 1);
    assertEquals(INCOMPLETE, byteByByte.get(byteByByte.size() - 2), "a byte of the frame missing");
    assertEquals(COMPLETE, byteByByte.get(byteByByte.size() - 1), "the frame is whole");
    // Once the peers share compression tables, the ordinary stream sends the manifest as an id.
    byte[] compressed = concat(AKKA_ORDINARY, ArteryFrames.frame(ArteryFrames.handshakeRequest(UID, UID, 30_001, true)));
    assertEquals(List.of(COMPLETE), feed(plain(), compressed, compressed.length));
  }

  /**
   * Seen from a replica whose peer, a web gateway, had restarted: its control stream to the new
   * incarnation answers the gateway's handshake request and sends nothing else, so its connection
   * starts with a handshake response. The bytes as the gateway's front door received them.
   */
  private static final String HANDSHAKE_RESPONSE = "414b4b410154000000"
      + "00000000d3121ef5e5e6ae85110000001c0000001e00000020000000000000000100650a2f0a220a0570656b6b6f"
      + "120a7061786f732d636861741a093132372e302e302e3120a9880210d3a5f8a8dfdcb9d78501";

  @Test
  void anyWholeEnvelopeOpensAConnectionAsAStreamMadeAgainOrAnAnsweringControlStreamStarts() {
    byte[] response = java.util.HexFormat.of().parseHex(HANDSHAKE_RESPONSE);
    assertEquals(List.of(COMPLETE), feed(plain(), response, response.length));
    List<ArteryOpening.Verdict> byteByByte = feed(plain(), response, 1);
    assertEquals(INCOMPLETE, byteByByte.get(byteByByte.size() - 2));
    assertEquals(COMPLETE, byteByByte.get(byteByByte.size() - 1));
    byte[] message = concat(AKKA_ORDINARY, ArteryFrames.frame(ArteryFrames.ordinary(UID, 33, new byte[] {1, 2, 3})));
    assertEquals(List.of(COMPLETE), feed(plain(), message, message.length), "a message first, the handshake later");
    byte[] large = concat(AKKA_ORDINARY, ArteryFrames.frame(ArteryFrames.ordinary(UID, 33, new byte[10_000])));
    assertEquals(INCOMPLETE, feed(plain(), java.util.Arrays.copyOf(large, 6_000), 6_000).get(0),
        "a valid header is not enough: the first frame must be whole");
  }

  @Test
  void aFrameThatIsNoEnvelopeOrNoHandshakeUnderTheHandshakesManifestIsNotArtery() {
    // What a stranger sends that knows the magic: a frame of junk, or of zeros.
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, bytes(3, 0, 0, 0), bytes(7, 8, 9)), 64).get(0),
        "shorter than an envelope's header");
    byte[] junk = new byte[200];
    new java.util.Random(7).nextBytes(junk);
    junk[0] = 0; // even with the version right
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, ArteryFrames.frame(junk)), 1 << 16).get(0));
    byte[] zeros = ArteryFrames.frame(new byte[64]);
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, zeros), 1 << 16).get(0),
        "a literal's tag says where it starts");
    byte[] otherUid = ArteryFrames.frame(ArteryFrames.handshakeRequest(UID, UID + 1, 30_001, false));
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, otherUid), 1 << 16).get(0),
        "a handshake request from another system than its envelope's");
    byte[] notAHandshake = ArteryFrames.frame(ArteryFrames.envelope(UID, ArteryFrames.CONTROL_SERIALIZER, "", "", "d",
        new byte[] {1, 2, 3, 4}));
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, notAHandshake), 1 << 16).get(0));
    byte[] binaryPath = ArteryFrames.frame(ArteryFrames.envelope(UID, 33, "\u0001\u0002", "", "x", new byte[8]));
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, binaryPath), 1 << 16).get(0),
        "literals are text");
  }

  @Test
  void aMagicHeaderWithoutAWholeFrameIsNotYetAnOpening() {
    // What a slowloris sends: the header, a frame length, then nothing or a byte now and then.
    byte[] header = concat(AKKA_ORDINARY, bytes(16, 0, 0, 0), bytes(1, 2, 3));
    assertEquals(INCOMPLETE, feed(plain(), header, header.length).get(0));
    assertEquals(List.of(INCOMPLETE, INCOMPLETE), feed(plain(), "PEKK".getBytes(StandardCharsets.US_ASCII), 2));
  }

  @Test
  void whatIsNotArteryIsToldAtOnce() {
    byte[] http = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(NOT_ARTERY, feed(plain(), http, http.length).get(0));
    assertEquals(NOT_ARTERY, feed(plain(), concat("AKKA".getBytes(StandardCharsets.US_ASCII), bytes(9)), 16).get(0),
        "stream id 9");
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, bytes(0, 0, 0, 0)), 16).get(0), "empty frame");
    assertEquals(NOT_ARTERY, feed(plain(), concat(AKKA_ORDINARY, bytes(0, 0, 0, 0x7f)), 16).get(0),
        "a frame longer than Artery's largest");
  }

  @Test
  void aTlsOpeningIsCompleteWithTheFirstWholeApplicationDataRecord() {
    byte[] clientHello = concat(bytes(22, 3, 1, 0, 4), bytes(1, 0, 0, 0));
    byte[] changeCipherSpec = bytes(20, 3, 3, 0, 1, 1);
    byte[] encrypted = concat(bytes(23, 3, 3, 0, 3), bytes(5, 6, 7));
    byte[] opening = concat(clientHello, changeCipherSpec, encrypted);
    assertEquals(List.of(COMPLETE), feed(tls(), opening, opening.length));
    List<ArteryOpening.Verdict> byteByByte = feed(tls(), opening, 1);
    assertEquals(INCOMPLETE, byteByByte.get(byteByByte.size() - 2));
    assertEquals(COMPLETE, byteByByte.get(byteByByte.size() - 1));
    assertEquals(INCOMPLETE, feed(tls(), concat(clientHello, changeCipherSpec), 100).get(0),
        "a client hello alone is no opening");
  }

  @Test
  void aTlsConnectionThatDoesNotStartWithAHandshakeIsNotArtery() {
    assertEquals(NOT_ARTERY, feed(tls(), concat(bytes(23, 3, 3, 0, 1), bytes(0)), 16).get(0));
    assertEquals(NOT_ARTERY, feed(tls(), AKKA_ORDINARY, 16).get(0));
    assertEquals(NOT_ARTERY, feed(tls(), bytes(22, 3, 3, 0x7f, 0), 16).get(0), "a record longer than TLS allows");
  }
}
