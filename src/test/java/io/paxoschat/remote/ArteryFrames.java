package io.paxoschat.remote;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.remote.ArteryControlFormats;

/**
 * Artery's opening bytes over TCP as a test writes them: the connection header, and frames laid
 * out as Pekko's {@code EnvelopeBuffer} lays them out, the handshake request's message made by
 * Pekko's own protobuf classes.
 */
final class ArteryFrames {

  /** The id of {@code ArteryMessageSerializer} in Pekko's reference.conf. */
  static final int CONTROL_SERIALIZER = 17;
  private static final int COMPRESSED = 0xFF000000;

  private ArteryFrames() {}

  /** The magic header and a stream id (1 control, 2 ordinary, 3 large). */
  static byte[] connectionHeader(int streamId) {
    return new byte[] {'A', 'K', 'K', 'A', (byte) streamId};
  }

  /** A whole frame: its little-endian length, then {@code envelope}. */
  static byte[] frame(byte[] envelope) {
    return ByteBuffer.allocate(4 + envelope.length).order(ByteOrder.LITTLE_ENDIAN).putInt(envelope.length)
        .put(envelope).array();
  }

  /** The envelope of a {@code HandshakeReq} from {@code uid} at {@code port}, its manifest literal or compressed. */
  static byte[] handshakeRequest(long uid, long messageUid, int port, boolean compressedManifest) {
    byte[] message = ArteryControlFormats.HandshakeReq.newBuilder()
        .setFrom(ArteryControlFormats.UniqueAddress.newBuilder().setAddress(address(port)).setUid(messageUid))
        .setTo(address(30_000))
        .build().toByteArray();
    return envelope(uid, CONTROL_SERIALIZER, "", "", compressedManifest ? null : "d", message);
  }

  /** An envelope of an ordinary message: a sender and recipient path, a manifest and {@code message}. */
  static byte[] ordinary(long uid, int serializer, byte[] message) {
    return envelope(uid, serializer, "pekko://paxos-chat@127.0.0.1:30001/user/ingress#1",
        "pekko://paxos-chat@127.0.0.1:30000/user/ingress", "io.paxoschat.paxos.ProposerMessage$Heartbeat", message);
  }

  /** An envelope; a null manifest is sent as an id of a compression table. */
  static byte[] envelope(long uid, int serializer, String sender, String recipient, String manifest, byte[] message) {
    ByteBuffer header = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).putLong(uid).putInt(serializer);
    ByteArrayOutputStream literals = new ByteArrayOutputStream();
    int offset = 28;
    String[] tags = {sender, recipient, manifest};
    for (String literal : tags) {
      if (literal == null) {
        header.putInt(COMPRESSED | 3);
        continue;
      }
      header.putInt(offset);
      byte[] text = literal.getBytes(StandardCharsets.US_ASCII);
      literals.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) text.length).array());
      literals.writeBytes(text);
      offset += 2 + text.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.writeBytes(literals.toByteArray());
    out.writeBytes(message);
    return out.toByteArray();
  }

  private static ArteryControlFormats.Address.Builder address(int port) {
    return ArteryControlFormats.Address.newBuilder().setProtocol("pekko").setSystem("paxos-chat")
        .setHostname("127.0.0.1").setPort(port);
  }
}
