package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.paxos.WireMessage;
import io.paxoschat.paxos.WireSize;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wire format's size bounds and its answer to bytes that are not a message. */
class WireSerializerTest {

  /** Artery's default maximum-frame-size. */
  private static final int FRAME = 256 * 1024;

  private final WireSerializer serializer = new WireSerializer();
  private final ProtocolSettings settings = ProtocolSettings.defaults();
  private final Ballot ballot = new Ballot(1_000_000, 2);

  /** As many 4 KiB lines as the leader puts in one batch under max-batch-bytes. */
  private Command.Batch fullBatchOf4KiBLines(long firstSeq) {
    return fullBatchOf4KiBLines(settings, firstSeq);
  }

  private static Command.Batch fullBatchOf4KiBLines(ProtocolSettings settings, long firstSeq) {
    List<ChatLine> lines = new ArrayList<>();
    int bytes = 0;
    String text = "é".repeat(2048); // 4 KiB in UTF-8, half as many chars
    ChatLine line = new ChatLine(Integer.MAX_VALUE, firstSeq, text);
    while (bytes + WireSize.of(line) <= settings.maxBatchBytes() && lines.size() < settings.maxBatchLines()) {
      lines.add(line);
      bytes += WireSize.of(line);
      line = new ChatLine(Integer.MAX_VALUE, line.seq() + 1, text);
    }
    return new Command.Batch(lines);
  }

  @Test
  void aFullBatchOf4KiBLinesFitsOneArteryFrame() throws Exception {
    Command.Batch batch = fullBatchOf4KiBLines(Long.MAX_VALUE / 2);
    assertEquals(settings.maxBatchBytes() / WireSize.of(batch.lines().get(0)), batch.lines().size());
    Accept accept = new Accept(ballot, Long.MAX_VALUE / 2, batch);
    ClientRequest request = new ClientRequest(Integer.MAX_VALUE, batch.lines());
    for (WireMessage message : List.of(accept, request, new Decision(Long.MAX_VALUE / 2, batch))) {
      assertFitsAFrameAndRoundTrips(message);
    }
  }

  /**
   * The largest batch a config may ask for (max-batch-bytes up to the message bound, as the
   * shipped process-timing does) still fits: alone in an Accept, a client's request, a Decision,
   * and as the first value of a promise or catch-up chunk, which always goes whatever its size.
   */
  @Test
  void theLargestBatchTheConfigAllowsFitsOneArteryFrame() throws Exception {
    ProtocolSettings largest = settings.toBuilder()
        .maxBatchBytes(settings.maxMessageBytes()).maxBatchLines(Integer.MAX_VALUE).build();
    Command.Batch batch = fullBatchOf4KiBLines(largest, Long.MAX_VALUE / 2);
    assertEquals(largest.maxBatchBytes() / WireSize.of(batch.lines().get(0)), batch.lines().size());
    assertTrue(WireSize.of(batch) > settings.maxBatchBytes(), "larger than the default batch");
    long slot = Long.MAX_VALUE / 2;
    for (WireMessage message : List.of(new Accept(ballot, slot, batch), new ClientRequest(Integer.MAX_VALUE, batch.lines()),
        new Decision(slot, batch), new CatchUpReply(List.of(new Decision(slot, batch))),
        new Promise(ballot, 2, slot, List.of(new PValue(slot, ballot, batch)), slot + 1, slot / 4))) {
      assertFitsAFrameAndRoundTrips(message);
    }
  }

  @Test
  void aPromiseOrCatchUpChunkOfMaxMessageBytesFitsOneArteryFrame() throws Exception {
    List<PValue> accepted = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    int bytes = 0;
    for (long slot = Long.MAX_VALUE / 4; ; slot++) {
      Command.Batch batch = fullBatchOf4KiBLines(slot * 100);
      if (!accepted.isEmpty() && bytes + WireSize.of(batch) > settings.maxMessageBytes()) {
        break;
      }
      accepted.add(new PValue(slot, ballot, batch));
      decisions.add(new Decision(slot, batch));
      bytes += WireSize.of(batch);
    }
    assertTrue(accepted.size() > 1, "a chunk of several batches");
    assertFitsAFrameAndRoundTrips(new Promise(ballot, 2, Long.MAX_VALUE / 4, accepted, Long.MAX_VALUE / 2, Long.MAX_VALUE / 8));
    assertFitsAFrameAndRoundTrips(new CatchUpReply(decisions));
  }

  /** The leader bounds batches and chunks in {@link WireSize} units; on the wire they take no more. */
  @Test
  void aCommandTakesNoMoreBytesThanWireSizeAllows() {
    Random random = new Random(8);
    for (int round = 0; round < 200; round++) {
      List<ChatLine> lines = new ArrayList<>();
      for (int i = 1 + random.nextInt(20); i > 0; i--) {
        int[] codePoints = random.ints(random.nextInt(200), 1, 0x10FFFF).filter(Character::isValidCodePoint)
            .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE).toArray();
        lines.add(new ChatLine(random.nextInt(), random.nextLong(), new String(codePoints, 0, codePoints.length)));
      }
      Command.Batch batch = new Command.Batch(lines);
      int onWire = serializer.toBinary(new Decision(Long.MIN_VALUE, batch)).length;
      assertTrue(onWire <= WireSize.of(batch), onWire + " bytes on the wire, " + WireSize.of(batch) + " allowed");
    }
  }

  @Test
  void aCountLargerThanTheFrameIsMalformedNotAnAllocation() {
    // ClientRequest of client 1 claiming 2^31 - 1 lines, then nothing.
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(2);
    frame.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
    WireFormatException e = assertThrows(WireFormatException.class, () -> serializer.fromBinary(frame.toByteArray(), "CR"));
    assertEquals("malformed ClientRequest message: a count of 2147483647 does not fit the 0 bytes left", e.getMessage());
  }

  @Test
  void aTextLongerThanTheFrameIsMalformed() throws Exception {
    byte[] good = serializer.toBinary(ClientRequest.of(new ChatLine(1, 1, "hello")));
    byte[] bad = good.clone();
    bad[bad.length - 6] = 100; // the text's length
    WireFormatException e = assertThrows(WireFormatException.class, () -> serializer.fromBinary(bad, "CR"));
    assertTrue(e.getMessage().contains("does not fit the 5 bytes left"), e.getMessage());
  }

  @Test
  void aTextThatIsNotUtf8IsMalformed() throws Exception {
    byte[] good = serializer.toBinary(ClientRequest.of(new ChatLine(1, 1, "hello")));
    byte[] bad = good.clone();
    bad[bad.length - 3] = (byte) 0xC3; // starts a two-byte character whose second byte, 'l', cannot end it
    WireFormatException e = assertThrows(WireFormatException.class, () -> serializer.fromBinary(bad, "CR"));
    assertEquals("malformed ClientRequest message: a text is not UTF-8", e.getMessage());
  }

  @Test
  void everyCutOfAFrameAndAStrayByteAreMalformed() throws Exception {
    Accept accept = new Accept(ballot, 77, Command.Batch.of(new ChatLine(1, 2, "héllo"), new ChatLine(3, 4, "")));
    byte[] whole = serializer.toBinary(accept);
    assertEquals(accept, serializer.fromBinary(whole, "A"));
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThrows(WireFormatException.class, () -> serializer.fromBinary(cut, "A"), "cut at " + length);
    }
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> serializer.fromBinary(Arrays.copyOf(whole, whole.length + 1), "A"));
    assertEquals("malformed Accept message: 1 stray bytes follow it", e.getMessage());
  }

  @Test
  void aTenByteCountWithTheSignBitSetIsMalformed() {
    // ClientRequest of client 1 whose line count has all 64 bits set.
    byte[] frame = {2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
    WireFormatException e = assertThrows(WireFormatException.class, () -> serializer.fromBinary(frame, "CR"));
    assertEquals("malformed ClientRequest message: a count of 18446744073709551615 does not fit the 0 bytes left", e.getMessage());
  }

  @Test
  void invalidUtf8AndUnknownTagsAreMalformed() throws Exception {
    byte[] frame = serializer.toBinary(ClientRequest.of(new ChatLine(1, 1, "ab")));
    frame[frame.length - 1] = (byte) 0xC3; // a lead byte without its continuation
    assertThrows(WireFormatException.class, () -> serializer.fromBinary(frame, "CR"));
    byte[] decision = serializer.toBinary(new Decision(5, Command.Noop.INSTANCE));
    decision[decision.length - 1] = 9;
    WireFormatException e = assertThrows(WireFormatException.class, () -> serializer.fromBinary(decision, "D"));
    assertEquals("malformed Decision message: unknown command tag 9", e.getMessage());
  }

  /** Random bytes under every manifest: either a message or a WireFormatException, nothing else. */
  @Test
  void randomBytesNeverFailOtherwise() throws Exception {
    Random random = new Random(42);
    for (Class<?> type : WireCodecs.types()) {
      String manifest = WireCodecs.forType(type).manifest();
      for (int i = 0; i < 2_000; i++) {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        try {
          serializer.fromBinary(bytes, manifest);
        } catch (WireFormatException expected) {
          // the point: a clear failure
        }
      }
    }
  }

  /** A batch of {@code lines} lines of {@code width} chars each, for client 1 from {@code firstSeq}. */
  private static Command.Batch batchOf(int lines, int width, long firstSeq, char fill) {
    List<ChatLine> out = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      out.add(new ChatLine(1, firstSeq + i, String.valueOf(fill).repeat(width)));
    }
    return new Command.Batch(out);
  }

  private byte[] written(WireMessage message) {
    ByteBuffer buffer = ByteBuffer.allocate(FRAME);
    buffer.position(17); // Artery writes after its envelope header: the copy must not start at 0
    serializer.toBinary(message, buffer);
    byte[] bytes = new byte[buffer.position() - 17];
    buffer.get(17, bytes);
    return bytes;
  }

  /**
   * The leader's one Accept, written once per acceptor, is encoded once: later writes of the same
   * instance copy those bytes, also after a few other large messages (each peer's stream goes at
   * its own pace). Another instance, even one equal to it, is encoded anew, and so is the first
   * once {@link WireSerializer#KEPT} other large messages came after it; every write reads back
   * as its own message.
   */
  @Test
  void theSameLargeMessageWrittenAgainIsCopiedFromItsFirstWrite() throws Exception {
    Accept first = new Accept(ballot, 7, batchOf(200, 40, 1, 'a'));
    byte[] once = written(first);
    assertTrue(once.length >= WireSerializer.REUSE_MIN_BYTES);
    for (int acceptor = 1; acceptor < 5; acceptor++) {
      assertArrayEquals(once, written(first));
      assertArrayEquals(once, serializer.toBinary(first));
    }
    assertEquals(8, serializer.reusedWrites());

    Accept equalButAnother = new Accept(ballot, 7, batchOf(200, 40, 1, 'a'));
    assertArrayEquals(once, written(equalButAnother));
    assertEquals(8, serializer.reusedWrites(), "only the same instance");

    Accept second = new Accept(ballot, 8, batchOf(200, 40, 201, 'b'));
    byte[] secondBytes = written(second);
    assertEquals(second, serializer.fromBinary(ByteBuffer.wrap(secondBytes), "A"));
    assertEquals(first, serializer.fromBinary(ByteBuffer.wrap(written(first)), "A"));
    assertEquals(9, serializer.reusedWrites(), "still kept after one other large message");

    for (int slot = 9; slot < 9 + WireSerializer.KEPT; slot++) {
      written(new Accept(ballot, slot, batchOf(100, 20, 1000L * slot, 'c')));
    }
    assertEquals(first, serializer.fromBinary(ByteBuffer.wrap(written(first)), "A"));
    assertArrayEquals(secondBytes, written(second));
    assertEquals(9, serializer.reusedWrites(), "gone once KEPT others came after it");

    byte[] copy = serializer.toBinary(first);
    copy[copy.length - 1] ^= 1; // a caller's array is its own: changing it changes no later write
    assertArrayEquals(once, written(first));
  }

  /** Only a large Accept goes to several peers as one instance: nothing else is kept. */
  @Test
  void smallAcceptsAndOtherMessagesAreNotKept() {
    Accept small = new Accept(ballot, 3, batchOf(2, 10, 1, 'a'));
    Decision large = new Decision(4, batchOf(200, 40, 3, 'b'));
    for (WireMessage message : List.of(small, new Accepted(ballot, 1, 9), large)) {
      written(message);
      written(message);
      serializer.toBinary(message);
    }
    assertEquals(0, serializer.reusedWrites());
  }

  /** Artery's outbound streams write on several threads at once: each write is its own message. */
  @Test
  void concurrentWritesOfDifferentMessagesEachGetTheirOwnBytes() throws Exception {
    List<Accept> accepts = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    WireSerializer reference = new WireSerializer();
    for (int i = 0; i < 3 * WireSerializer.KEPT; i++) {
      Accept accept = new Accept(ballot, i, batchOf(50 + i, 30, 1 + 100L * i, (char) ('a' + i)));
      accepts.add(accept);
      expected.add(reference.toBinary(accept));
    }
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      int offset = t;
      Thread thread = new Thread(() -> {
        try {
          for (int round = 0; round < 2_000; round++) {
            int which = (round / 3 + offset) % accepts.size(); // each message a few times in a row
            assertArrayEquals(expected.get(which), written(accepts.get(which)));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(60_000);
      assertTrue(!thread.isAlive(), "a writer did not finish in 60 s");
    }
    assertEquals(List.of(), failures);
    assertTrue(serializer.reusedWrites() > 0);
  }

  @Test
  void anUnknownManifestIsNotSerializable() {
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "ZZ"));
    assertThrows(IllegalArgumentException.class, () -> serializer.manifest("not a wire message"));
  }

  private void assertFitsAFrameAndRoundTrips(WireMessage message) throws Exception {
    ByteBuffer frame = ByteBuffer.allocate(FRAME);
    serializer.toBinary(message, frame); // overflows if it does not fit
    frame.flip();
    assertTrue(frame.remaining() < FRAME);
    assertEquals(message, serializer.fromBinary(frame, serializer.manifest(message)));
  }
}
