package io.paxoschat.remote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the start of one Artery frame over TCP, an envelope: what the front door needs to tell an
 * Artery peer's first frames from bytes that only look like them. The layout is Pekko 1.x's
 * {@code EnvelopeBuffer}: little-endian, a 28-byte header (version, flags, two compression table
 * versions, the sending system's uid, the serializer id, then a tag each for sender, recipient
 * and class manifest: a literal, or the id of a compressed one), optional metadata, the literals
 * in that order (a 2-byte length and US-ASCII), then the serialized message.
 */
final class ArteryFrame {

  enum Kind {
    /** Not an envelope of the version this node speaks. */
    MALFORMED,
    /** An envelope, not a handshake request. */
    ENVELOPE,
    /**
     * A {@code HandshakeReq}: what every outbound Artery stream sends first, and again every
     * second or so while messages flow. Its message names the sender by address and uid, and the
     * uid must be the envelope's own.
     */
    HANDSHAKE_REQUEST
  }

  /** The envelope version Pekko 1.x writes and reads ({@code ArteryTransport.HighestVersion}). */
  private static final byte VERSION = 0;
  private static final int METADATA_PRESENT = 0x1;
  private static final int UID_OFFSET = 4;
  private static final int SERIALIZER_OFFSET = 12;
  private static final int SENDER_TAG_OFFSET = 16;
  private static final int MANIFEST_TAG_OFFSET = 24;
  static final int HEADER_BYTES = 28;
  private static final int COMPRESSED_TAG = 0xFF000000;
  private static final int COMPRESSED_ID = 0x0000FFFF;
  /** The manifest {@code ArteryMessageSerializer} gives a {@code HandshakeReq}. */
  private static final byte HANDSHAKE_REQUEST_MANIFEST = 'd';

  private ArteryFrame() {}

  /**
   * What the frame of {@code frameLength} bytes whose first bytes are {@code start} (from its
   * position to its limit; all of the frame, or at least its header and literals) is.
   *
   * @param controlSerializerId the id of the serializer of Artery's control messages
   */
  static Kind classify(ByteBuffer start, int frameLength, int controlSerializerId) {
    ByteBuffer frame = start.slice().order(ByteOrder.LITTLE_ENDIAN);
    int seen = frame.remaining();
    if (frameLength < HEADER_BYTES || seen < HEADER_BYTES || frame.get(0) != VERSION
        || (frame.get(1) & ~METADATA_PRESENT) != 0) {
      return Kind.MALFORMED;
    }
    int at = HEADER_BYTES;
    if ((frame.get(1) & METADATA_PRESENT) != 0) {
      int metadata = frame.getInt(at);
      if (metadata < 0 || metadata > frameLength - at - 4) {
        return Kind.MALFORMED;
      }
      at += 4 + metadata;
    }
    // Once two systems agree on compression tables, the ordinary stream sends the manifest of a
    // HandshakeReq as an id of its table: then only the message itself can tell.
    boolean handshakeManifest = compressed(frame.getInt(MANIFEST_TAG_OFFSET));
    for (int tagAt = SENDER_TAG_OFFSET; tagAt <= MANIFEST_TAG_OFFSET; tagAt += 4) {
      int tag = frame.getInt(tagAt);
      if (compressed(tag)) {
        if ((tag & ~(COMPRESSED_TAG | COMPRESSED_ID)) != 0) {
          return Kind.MALFORMED;
        }
        continue; // an id in a table the two systems agreed on
      }
      if (tag != at || at + 2 > seen) {
        return Kind.MALFORMED; // a literal's tag is where it starts, and literals follow each other
      }
      int length = frame.getShort(at) & 0xffff;
      at += 2;
      if (at + length > seen) {
        return Kind.MALFORMED;
      }
      for (int i = at; i < at + length; i++) {
        byte c = frame.get(i);
        if (c < 0x20 || c > 0x7e) {
          return Kind.MALFORMED; // literals are actor paths and class names, in US-ASCII
        }
      }
      if (tagAt == MANIFEST_TAG_OFFSET) {
        handshakeManifest = length == 1 && frame.get(at) == HANDSHAKE_REQUEST_MANIFEST;
      }
      at += length;
    }
    if (!handshakeManifest || frame.getInt(SERIALIZER_OFFSET) != controlSerializerId) {
      return Kind.ENVELOPE;
    }
    if (frameLength > seen) {
      return Kind.ENVELOPE; // a handshake request is a few dozen bytes
    }
    if (handshakeRequestFrom(frame.position(at), frame.getLong(UID_OFFSET))) {
      return Kind.HANDSHAKE_REQUEST;
    }
    // Another control message under a compressed manifest is an envelope; under the handshake's
    // own manifest, a message that is no handshake request is not Artery's.
    return compressed(frame.getInt(MANIFEST_TAG_OFFSET)) ? Kind.ENVELOPE : Kind.MALFORMED;
  }

  /** A tag whose top byte is set holds the id of a compressed value, else a literal's offset. */
  private static boolean compressed(int tag) {
    return (tag & COMPRESSED_TAG) == COMPRESSED_TAG;
  }

  /**
   * Whether {@code message} (position to limit) is a protobuf {@code HandshakeReq { UniqueAddress
   * from = 1; Address to = 2; }} whose {@code from} carries {@code uid}.
   */
  private static boolean handshakeRequestFrom(ByteBuffer message, long uid) {
    boolean fromMatches = false;
    boolean toSeen = false;
    while (message.hasRemaining()) {
      long key = varint(message);
      if (key == (1 << 3 | 2)) {
        ByteBuffer from = lengthDelimited(message);
        fromMatches = from != null && uniqueAddressWithUid(from, uid);
      } else if (key == (2 << 3 | 2)) {
        toSeen = lengthDelimited(message) != null;
      } else {
        return false;
      }
    }
    return fromMatches && toSeen;
  }

  /** {@code UniqueAddress { Address address = 1; uint64 uid = 2; }}. */
  private static boolean uniqueAddressWithUid(ByteBuffer unique, long uid) {
    boolean addressSeen = false;
    boolean uidMatches = false;
    while (unique.hasRemaining()) {
      long key = varint(unique);
      if (key == (1 << 3 | 2)) {
        addressSeen = lengthDelimited(unique) != null;
      } else if (key == (2 << 3)) {
        uidMatches = varint(unique) == uid;
      } else {
        return false;
      }
    }
    return addressSeen && uidMatches;
  }

  /** The next length-delimited field's bytes, or null if its length runs past the buffer. */
  private static ByteBuffer lengthDelimited(ByteBuffer in) {
    long length = varint(in);
    if (length < 0 || length > in.remaining()) {
      return null;
    }
    ByteBuffer field = in.slice().limit((int) length);
    in.position(in.position() + (int) length);
    return field;
  }

  /** A protobuf varint; -1 if it runs past the buffer or past ten bytes. */
  private static long varint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (!in.hasRemaining()) {
        return -1;
      }
      byte b = in.get();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    return -1;
  }
}
