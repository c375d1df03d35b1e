package io.paxoschat.chaos;

/** The faults the simulator injects, as counted in a run's summary. */
public enum FaultKind {
  /** A network message dropped. */
  LOSS,
  /** A network message delivered twice. */
  DUPLICATE,
  /** A network message held back far longer than usual, so it arrives out of order. */
  LATE,
  /** A symmetric partition: two groups of replicas that cannot hear each other. */
  PARTITION,
  /** A one-way partition: one group's messages do not reach the others, the reverse still does. */
  ONE_WAY_PARTITION,
  /** A network message dropped because a partition cut its link. */
  CUT,
  /** A replica crashed (it loses everything but its acceptor's state). */
  CRASH,
  /** A crash that also lost the replica's disk: it comes back empty and rejoins without voting. */
  DISK_WIPE,
  /** A crashed replica started again. */
  RESTART,
  /** A client started again mid-run: a new session of the same id, its earlier run paused. */
  CLIENT_RESTART,
  /** A client closed its session with lines in flight, before it started again. */
  CLIENT_QUIT,
  /** A replica timer that fired early or late. */
  TIMER_JITTER
}
