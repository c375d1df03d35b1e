package io.paxoschat.config;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of UTF-8 text read from bytes, one at a time, each decoded strictly: a line that is not
 * valid UTF-8 is reported with its own number, and the next line reads on. A {@code Reader}
 * would decode a whole buffer ahead of the line it returns, blaming line 1 for a bad byte on
 * line 2, or turn bad bytes into U+FFFD that would then be sent and logged as if typed.
 * Lines end at LF, CR or CR LF (as {@link java.io.BufferedReader#readLine()}); a CR is never
 * followed by a read for the LF that may come, so a terminal's line is returned at once.
 */
public final class Utf8Lines implements Closeable {

  /** A line whose bytes are not UTF-8; the reader has moved past it. */
  public static final class NotUtf8Exception extends CharacterCodingException {
    private final long lineNumber;

    NotUtf8Exception(long lineNumber) {
      this.lineNumber = lineNumber;
    }

    /** Counted from 1. */
    public long lineNumber() {
      return lineNumber;
    }

    @Override
    public String getMessage() {
      return "line " + lineNumber + " is not valid UTF-8";
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long lineNumber;
  private boolean skipLineFeed;

  /** Reads from {@code in}, which should be buffered (it is read a byte at a time). */
  public Utf8Lines(InputStream in) {
    this.in = in;
  }

  /** The number of the line last returned or refused, from 1 (0 before the first). */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * The next line without its terminator, or null at the end of input.
   *
   * @throws NotUtf8Exception for a line that is not valid UTF-8 (the next call reads the line after it)
   */
  public String readLine() throws IOException {
    line.reset();
    int b;
    while ((b = in.read()) >= 0) {
      if (skipLineFeed) {
        skipLineFeed = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        skipLineFeed = b == '\r';
        return decoded();
      }
      line.write(b);
    }
    return line.size() > 0 ? decoded() : null;
  }

  private String decoded() throws NotUtf8Exception {
    lineNumber++;
    try {
      return decoder.reset().decode(ByteBuffer.wrap(line.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new NotUtf8Exception(lineNumber);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
