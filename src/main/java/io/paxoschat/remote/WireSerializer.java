package io.paxoschat.remote;

import io.paxoschat.paxos.WireMessage;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for every {@link WireMessage}, in the compact binary format of
 * {@link WireCodecs}. As a {@link ByteBufferSerializer} it writes straight into Artery's send
 * buffer and reads straight from its receive buffer, without an intermediate byte array.
 * A frame that does not parse fails with a {@link WireFormatException}; Artery logs it and
 * drops the message.
 */
public final class WireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  /** Fixed forever: peers tell serializers apart by it. Pekko keeps 0 to 40 for itself. */
  public static final int IDENTIFIER = 7301;

  private static final int INITIAL_BYTES = 128;

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
    WireWriter out = WireWriter.growable(INITIAL_BYTES);
    codecFor(message).write((WireMessage) message, out);
    return out.toByteArray();
  }

  @Override
  public void toBinary(Object message, ByteBuffer buffer) {
    codecFor(message).write((WireMessage) message, WireWriter.into(buffer));
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
