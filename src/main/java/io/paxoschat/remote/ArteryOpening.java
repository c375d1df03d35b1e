package io.paxoschat.remote;

import com.typesafe.config.Config;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Watches the first bytes a connection sends to a node, to tell a peer that speaks Artery from a
 * stranger that holds a socket open, without keeping any of them: the bytes go on to Artery
 * unchanged. Once it answers {@link Verdict#COMPLETE} it is not asked again.
 */
sealed interface ArteryOpening {

  enum Verdict {
    /** Nothing wrong yet, but the opening is not whole. */
    INCOMPLETE,
    /** The opening is whole: from here on the connection's bytes are Artery's business. */
    COMPLETE,
    /** Not the start of an Artery connection; Artery would refuse it too. */
    NOT_ARTERY
  }

  /** The serializer of Artery's own control messages, the handshake among them. */
  String CONTROL_SERIALIZER = "org.apache.pekko.remote.serialization.ArteryMessageSerializer";

  /** Whether the connection needs Artery's answers before its opening is whole (a TLS handshake). */
  boolean needsArteryToOpen();

  /** Takes the bytes from {@code bytes}' position to its limit, the next the connection sent; leaves the buffer as it was. */
  Verdict feed(ByteBuffer bytes);

  /** What the node's transport expects first: Artery's framing over TCP, or a TLS handshake. */
  static ArteryOpening forTransport(Config system) {
    if (system.getString("pekko.remote.artery.transport").equals("tls-tcp")) {
      return new TlsRecords();
    }
    List<byte[]> magics = system.getStringList("pekko.remote.artery.advanced.tcp-magic").stream()
        .map(text -> Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), PlainFrames.MAGIC_BYTES))
        .toList();
    return new PlainFrames(magics, system.getBytes("pekko.remote.artery.advanced.maximum-frame-size"),
        system.getInt("pekko.actor.serialization-identifiers.\"" + CONTROL_SERIALIZER + "\""));
  }

  /**
   * Artery over TCP: a 4-byte magic header, a stream id (1 control, 2 ordinary, 3 large messages),
   * then frames of a 4-byte little-endian length and that many bytes, each an envelope ({@link
   * ArteryFrame}). Complete once the first frame is whole and an envelope: a fresh stream sends a
   * handshake request first, but a connection made again within a stream may start with any
   * message, and a control stream that only answers a restarted peer starts with its handshake
   * response. A first frame that is no envelope (or a handshake request that is none) is not Artery.
   */
  final class PlainFrames implements ArteryOpening {
    static final int MAGIC_BYTES = 4;
    private static final int CONNECTION_HEADER_BYTES = MAGIC_BYTES + 1;
    private static final int LENGTH_BYTES = 4;
    /** How much of each frame is read before it is judged: an envelope's header and literals fit. */
    private static final int INSPECTED_BYTES = 4096;

    private final List<byte[]> magics;
    private final long maxFrameBytes;
    private final int controlSerializerId;
    private final byte[] connectionHeader = new byte[CONNECTION_HEADER_BYTES];
    private int connectionHeaderRead;
    private final byte[] length = new byte[LENGTH_BYTES];
    private int lengthRead;
    private final byte[] frameStart = new byte[INSPECTED_BYTES];
    private int frameLength = -1;
    private int frameRead;

    PlainFrames(List<byte[]> magics, long maxFrameBytes, int controlSerializerId) {
      this.magics = List.copyOf(magics);
      this.maxFrameBytes = maxFrameBytes;
      this.controlSerializerId = controlSerializerId;
    }

    @Override
    public boolean needsArteryToOpen() {
      return false;
    }

    @Override
    public Verdict feed(ByteBuffer bytes) {
      int at = bytes.position();
      int end = bytes.limit();
      while (connectionHeaderRead < CONNECTION_HEADER_BYTES && at < end) {
        connectionHeader[connectionHeaderRead++] = bytes.get(at++);
        if (connectionHeaderRead == MAGIC_BYTES && magics.stream().noneMatch(this::headerStartsWith)) {
          return Verdict.NOT_ARTERY;
        }
        if (connectionHeaderRead == CONNECTION_HEADER_BYTES
            && (connectionHeader[MAGIC_BYTES] < 1 || connectionHeader[MAGIC_BYTES] > 3)) {
          return Verdict.NOT_ARTERY;
        }
      }
      while (at < end) {
        if (frameLength < 0) {
          length[lengthRead++] = bytes.get(at++);
          if (lengthRead < LENGTH_BYTES) {
            continue;
          }
          lengthRead = 0;
          frameLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
          frameRead = 0;
          if (frameLength <= 0 || frameLength > maxFrameBytes) {
            return Verdict.NOT_ARTERY;
          }
          continue;
        }
        // The first frame only: the opening is complete once it is whole.
        int inspected = Math.min(frameLength, INSPECTED_BYTES);
        int take = Math.min(end - at, frameLength - frameRead);
        if (frameRead < inspected) {
          int copy = Math.min(take, inspected - frameRead);
          bytes.duplicate().position(at).get(frameStart, frameRead, copy);
          if (frameRead + copy == inspected) {
            ArteryFrame.Kind kind =
                ArteryFrame.classify(ByteBuffer.wrap(frameStart, 0, inspected), frameLength, controlSerializerId);
            if (kind == ArteryFrame.Kind.MALFORMED) {
              return Verdict.NOT_ARTERY;
            }
          }
        }
        frameRead += take;
        at += take;
        if (frameRead == frameLength) {
          return Verdict.COMPLETE;
        }
      }
      return Verdict.INCOMPLETE;
    }

    private boolean headerStartsWith(byte[] magic) {
      return Arrays.equals(connectionHeader, 0, MAGIC_BYTES, magic, 0, MAGIC_BYTES);
    }
  }

  /**
   * Artery over TLS: records of a 5-byte header (content type, version, length) and a body, the
   * first a handshake record. Complete once a whole application-data record has arrived: in TLS
   * 1.3 the client's certificate and everything after it travel in such records, and Artery's
   * TLS engine closes a connection whose record does not decrypt.
   */
  final class TlsRecords implements ArteryOpening {
    private static final int HEADER_BYTES = 5;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;
    /** The largest record TLS allows: 2^14 bytes of data plus the most a cipher may add. */
    private static final int MAX_RECORD_BYTES = 16_384 + 2_048;

    private final byte[] header = new byte[HEADER_BYTES];
    private int headerRead;
    private int recordLeft;
    private boolean first = true;

    @Override
    public boolean needsArteryToOpen() {
      return true;
    }

    @Override
    public Verdict feed(ByteBuffer bytes) {
      int at = bytes.position();
      int end = bytes.limit();
      while (at < end) {
        if (headerRead < HEADER_BYTES) {
          header[headerRead++] = bytes.get(at++);
          if (headerRead < HEADER_BYTES) {
            continue;
          }
          int type = header[0] & 0xff;
          int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
          boolean known = type >= CHANGE_CIPHER_SPEC && type <= APPLICATION_DATA;
          if (!known || header[1] != 3 || length == 0 || length > MAX_RECORD_BYTES || (first && type != HANDSHAKE)) {
            return Verdict.NOT_ARTERY;
          }
          first = false;
          recordLeft = length;
        }
        int skipped = Math.min(recordLeft, end - at);
        at += skipped;
        recordLeft -= skipped;
        if (recordLeft == 0) {
          if ((header[0] & 0xff) == APPLICATION_DATA) {
            return Verdict.COMPLETE;
          }
          headerRead = 0;
        }
      }
      return Verdict.INCOMPLETE;
    }
  }
}
