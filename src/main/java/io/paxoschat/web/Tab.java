package io.paxoschat.web;

/** One chat tab's connection, as the gateway's actors see it. */
interface Tab {

  /** Queues a frame for the tab; false when the tab does not keep up, and it is closed then. */
  boolean send(String frame);

  /** Ends the connection; the page reconnects. */
  void close();
}
