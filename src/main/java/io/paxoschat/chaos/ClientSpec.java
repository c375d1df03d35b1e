package io.paxoschat.chaos;

import java.util.List;

/** A client of a simulated run: its id, when it starts sending, and its lines in order. */
record ClientSpec(int id, long startMillis, List<String> lines) {

  ClientSpec {
    lines = List.copyOf(lines);
  }

  /** Lines as a chat file might hold them: some repeat, so dedup must key on seq, not text. */
  static List<String> sampleLines(int clientId, int count) {
    List<String> lines = new java.util.ArrayList<>(count);
    for (int seq = 1; seq <= count; seq++) {
      lines.add(seq % 4 == 0 ? "same again" : "client " + clientId + " line " + seq);
    }
    return lines;
  }

  /** The lines of a client's later run {@code run}, none of which its earlier runs sent. */
  static List<String> runLines(int clientId, int run, int count) {
    List<String> lines = new java.util.ArrayList<>(count);
    for (int seq = 1; seq <= count; seq++) {
      lines.add(seq % 4 == 0 ? "same again" : "client " + clientId + " run " + run + " line " + seq);
    }
    return lines;
  }
}
