package io.paxoschat.cli;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The lines of {@code bin/client --generate N}: "client &lt;id&gt; says hello #&lt;n&gt;" for n from 1,
 * each made when it is asked for. A client at {@code --rate} hands a few of them over every
 * millisecond; a list made in advance (a million strings for a long run) stayed live in its heap
 * for the whole run, and its first young collections copied all of it.
 */
final class GeneratedLines extends AbstractList<String> implements RandomAccess {

  private final int clientId;
  private final int count;

  GeneratedLines(int clientId, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a negative count of lines: " + count);
    }
    this.clientId = clientId;
    this.count = count;
  }

  /** Generated line {@code n} (from 1) of client {@code clientId}: every generator's text. */
  static String line(int clientId, long n) {
    return "client " + clientId + " says hello #" + n;
  }

  @Override
  public String get(int index) {
    Objects.checkIndex(index, count);
    return line(clientId, index + 1);
  }

  @Override
  public int size() {
    return count;
  }
}
