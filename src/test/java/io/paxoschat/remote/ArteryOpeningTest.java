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

  @Test
  void theMagicHeaderAndAWholeFirstFrameCompleteAPlainOpening() {
    byte[] opening = concat(AKKA_ORDINARY, bytes(3, 0, 0, 0), bytes(7, 8, 9), bytes(42));
    assertEquals(List.of(COMPLETE), feed(plain(), opening, opening.length));
    List<ArteryOpening.Verdict> byteByByte = feed(plain(), opening, 1);
    assertEquals(INCOMPLETE, byteByByte.get(byteByByte.size() - 3), "two bytes of the frame missing");
    assertEquals(COMPLETE, byteByByte.get(byteByByte.size() - 2), "the frame is whole");
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
