package io.paxoschat.paxos;

/**
 * Timing, windows and size bounds of the protocol; times in ticks (the shell decides how long a
 * tick is). Build one with {@link #builder()}, which starts from the defaults.
 *
 * @param heartbeatTicks how often a leader tells followers it is alive
 * @param electionTimeoutMinTicks a follower that hears nothing for a random time between min
 *     and max gives up on its leader; the spread keeps followers from acting in lockstep
 * @param retransmitTicks how long a leader waits for phase 1 or phase 2 answers, or a voter
 *     for a new leader, before sending again
 * @param catchUpTicks how long a learner waits on a missing slot before asking a peer for it
 * @param chatLogSyncTicks how often at most a learner has its chat log fsynced: only compaction
 *     waits for that (a peer may drop a slot once a majority's chat logs hold it durably), not
 *     execution or acknowledgements, whose lines the acceptors already hold durably
 * @param maxInFlight how many undecided slots (batches) a leader keeps open at once; lines that
 *     arrive while the window is full wait and go out together in the next batch
 * @param clientRetryTicks how long a client waits for an acknowledgement before sending again
 * @param clientWindow how many unacknowledged lines a client keeps outstanding
 * @param maxBatchLines the most chat lines one slot holds
 * @param maxBatchBytes the most bytes ({@link WireSize}) one slot holds; a single line always fits
 * @param maxMessageBytes the most bytes ({@link WireSize}) of values one promise chunk, catch-up
 *     reply or chat answer carries; beyond its first value, which always goes
 */
public record ProtocolSettings(
    int heartbeatTicks,
    int electionTimeoutMinTicks,
    int electionTimeoutMaxTicks,
    int retransmitTicks,
    int catchUpTicks,
    int chatLogSyncTicks,
    int maxInFlight,
    int clientRetryTicks,
    int clientWindow,
    int maxBatchLines,
    int maxBatchBytes,
    int maxMessageBytes) {

  public static ProtocolSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public ProtocolSettings {
    if (heartbeatTicks < 1 || retransmitTicks < 1 || catchUpTicks < 1 || chatLogSyncTicks < 1
        || clientRetryTicks < 1) {
      throw new IllegalArgumentException("tick counts must be at least 1");
    }
    if (electionTimeoutMinTicks <= heartbeatTicks || electionTimeoutMaxTicks < electionTimeoutMinTicks) {
      throw new IllegalArgumentException(
          "election timeout must exceed the heartbeat interval, and max must be at least min");
    }
    if (maxInFlight < 1 || clientWindow < 1 || maxBatchLines < 1) {
      throw new IllegalArgumentException("windows and batch sizes must be at least 1");
    }
    if (maxBatchBytes < 1 || maxMessageBytes < maxBatchBytes) {
      throw new IllegalArgumentException("max-batch-bytes must be at least 1 and at most the message bound");
    }
  }

  /** A copy of these settings to change a few of them. */
  public Builder toBuilder() {
    return new Builder()
        .heartbeatTicks(heartbeatTicks)
        .electionTimeoutTicks(electionTimeoutMinTicks, electionTimeoutMaxTicks)
        .retransmitTicks(retransmitTicks)
        .catchUpTicks(catchUpTicks)
        .chatLogSyncTicks(chatLogSyncTicks)
        .maxInFlight(maxInFlight)
        .clientRetryTicks(clientRetryTicks)
        .clientWindow(clientWindow)
        .maxBatchLines(maxBatchLines)
        .maxBatchBytes(maxBatchBytes)
        .maxMessageBytes(maxMessageBytes);
  }

  /** Named settings, starting from the defaults; {@link #build()} checks them together. */
  public static final class Builder {
    private int heartbeatTicks = 2;
    private int electionTimeoutMinTicks = 20;
    private int electionTimeoutMaxTicks = 40;
    private int retransmitTicks = 10;
    private int catchUpTicks = 6;
    private int chatLogSyncTicks = 10;
    private int maxInFlight = 8;
    private int clientRetryTicks = 30;
    private int clientWindow = 512;
    private int maxBatchLines = 1024;
    private int maxBatchBytes = 64 * 1024;
    private int maxMessageBytes = 128 * 1024;

    private Builder() {}

    public Builder heartbeatTicks(int ticks) {
      heartbeatTicks = ticks;
      return this;
    }

    public Builder electionTimeoutTicks(int min, int max) {
      electionTimeoutMinTicks = min;
      electionTimeoutMaxTicks = max;
      return this;
    }

    public Builder retransmitTicks(int ticks) {
      retransmitTicks = ticks;
      return this;
    }

    public Builder catchUpTicks(int ticks) {
      catchUpTicks = ticks;
      return this;
    }

    public Builder chatLogSyncTicks(int ticks) {
      chatLogSyncTicks = ticks;
      return this;
    }

    public Builder maxInFlight(int slots) {
      maxInFlight = slots;
      return this;
    }

    public Builder clientRetryTicks(int ticks) {
      clientRetryTicks = ticks;
      return this;
    }

    public Builder clientWindow(int lines) {
      clientWindow = lines;
      return this;
    }

    public Builder maxBatchLines(int lines) {
      maxBatchLines = lines;
      return this;
    }

    public Builder maxBatchBytes(int bytes) {
      maxBatchBytes = bytes;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      maxMessageBytes = bytes;
      return this;
    }

    public ProtocolSettings build() {
      return new ProtocolSettings(heartbeatTicks, electionTimeoutMinTicks, electionTimeoutMaxTicks,
          retransmitTicks, catchUpTicks, chatLogSyncTicks, maxInFlight, clientRetryTicks, clientWindow,
          maxBatchLines, maxBatchBytes, maxMessageBytes);
    }
  }
}
