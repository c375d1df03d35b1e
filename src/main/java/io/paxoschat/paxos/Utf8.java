package io.paxoschat.paxos;

/** Sizes of text in UTF-8, without encoding it. */
public final class Utf8 {

  private Utf8() {}

  public static int length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        bytes += 2; // a pair is 4 bytes; a lone surrogate encodes as one '?' byte, so this over-counts
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
