package io.paxoschat.remote;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.WireMessage;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for every {@link WireMessage}, in the compact binary format of
 * {@link WireCodecs}. As a {@link ByteBufferSerializer} it writes straight into Artery's send
 * buffer and reads straight from its receive buffer, without an intermediate byte array.
 * A frame that does not parse fails with a {@link WireFormatException}; Artery logs it and
 * drops the message.
 *
 * <p>Artery serializes a message once per destination, and the leader sends the same
 * {@code Accept} (up to a whole batch of lines) to every acceptor: so the bytes of the last large
 * Accepts written are kept, and the same instance written again (by identity: wire messages are
 * immutable records) is copied from them instead of encoded again. With f = 2 that is one
 * encoding of each batch instead of four. Each peer has its own outbound stream, and one may be
 * a few messages behind another, so the last {@link #KEPT} large Accepts are kept, not one. No
 * other message goes to several peers as one instance, so no other is kept (a copy of a client's
 * request or of a catch-up chunk would only be garbage).
 */
public final class WireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  /** Fixed forever: peers tell serializers apart by it. Pekko keeps 0 to 40 for itself. */
  public static final int IDENTIFIER = 7301;

  private static final int INITIAL_BYTES = 128;
  /** Smaller Accepts (a few lines) are cheaper to encode again than to keep a copy of. */
  static final int REUSE_MIN_BYTES = 1024;

  /** Large Accepts kept: as many as a leader's default phase-2 window holds (max-in-flight). */
  static final int KEPT = 8;

  /** An Accept and the bytes it was written as. */
  private record Written(Accept accept, byte[] bytes) {}

  /**
   * The last {@link #KEPT} Accepts of at least {@link #REUSE_MIN_BYTES} written, oldest
   * overwritten first; Artery's outbound streams share them from their own threads.
   */
  private final AtomicReferenceArray<Written> lastLarge = new AtomicReferenceArray<>(KEPT);
  private final AtomicInteger nextKept = new AtomicInteger();
  private final AtomicLong reusedWrites = new AtomicLong();

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return codecFor(message).manifest();
  }

  @Override
  public byte[] toBinary(Object message) {
    byte[] reused = reusableBytesOf(message);
    if (reused != null) {
      return reused.clone();
    }
    WireWriter out = WireWriter.growable(INITIAL_BYTES);
    codecFor(message).write((WireMessage) message, out);
    byte[] bytes = out.toByteArray();
    if (message instanceof Accept accept && bytes.length >= REUSE_MIN_BYTES) {
      keep(new Written(accept, bytes.clone()));
    }
    return bytes;
  }

  @Override
  public void toBinary(Object message, ByteBuffer buffer) {
    byte[] reused = reusableBytesOf(message);
    if (reused != null) {
      buffer.put(reused);
      return;
    }
    int start = buffer.position();
    codecFor(message).write((WireMessage) message, WireWriter.into(buffer));
    int length = buffer.position() - start;
    if (message instanceof Accept accept && length >= REUSE_MIN_BYTES) {
      byte[] bytes = new byte[length];
      buffer.get(start, bytes);
      keep(new Written(accept, bytes));
    }
  }

  private void keep(Written written) {
    lastLarge.set(Math.floorMod(nextKept.getAndIncrement(), KEPT), written);
  }

  /** The bytes this very instance was written as, if it is one of the Accepts kept. */
  private byte[] reusableBytesOf(Object message) {
    if (!(message instanceof Accept)) {
      return null;
    }
    for (int i = 0; i < KEPT; i++) {
      Written kept = lastLarge.get(i);
      if (kept != null && kept.accept() == message) {
        reusedWrites.incrementAndGet();
        return kept.bytes();
      }
    }
    return null;
  }

  /** How many writes were copied from an earlier write of the same instance. */
  long reusedWrites() {
    return reusedWrites.get();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  @Override
  public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
    WireCodecs.Codec<?> codec = WireCodecs.forManifest(manifest);
    if (codec == null) {
      // Pekko's convention for a message type this node does not know (a newer peer).
      throw new NotSerializableException("no wire message has manifest '" + manifest + "'");
    }
    WireReader in = new WireReader(buffer, codec.type().getSimpleName());
    WireMessage message = codec.reader().apply(in);
    in.expectEnd();
    return message;
  }

  private static WireCodecs.Codec<?> codecFor(Object message) {
    WireCodecs.Codec<?> codec = WireCodecs.forType(message.getClass());
    if (codec == null) {
      throw new IllegalArgumentException("no wire format for " + message.getClass().getName());
    }
    return codec;
  }
}
