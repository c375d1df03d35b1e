package io.paxoschat.config;

/**
 * A web gateway of the cluster: a node in the client role at {@code host:port} (Artery) that
 * serves the chat and cluster pages on {@code httpPort} and hands each browser tab a client id
 * from its block {@code firstClientId..lastClientId}. The block's first id is the gateway's own:
 * it reads the committed chat with it; tabs get the others.
 *
 * @param maxNameChars the longest name a person may chat under
 * @param linesPerSecond the most lines one tab may send in a second; more are refused
 */
public record GatewayConfig(int id, String host, int port, int httpPort, int firstClientId, int lastClientId,
    int maxNameChars, int linesPerSecond) {

  public static final int DEFAULT_MAX_NAME_CHARS = 32;
  public static final int DEFAULT_LINES_PER_SECOND = 20;

  /** Where its Artery listens. */
  public NodeAddress address() {
    return new NodeAddress(id, host, port);
  }

  /** Whether {@code clientId} is one of its block: messages to it go to this gateway. */
  public boolean hosts(int clientId) {
    return clientId >= firstClientId && clientId <= lastClientId;
  }

  /** The id the gateway reads the chat with. */
  public int readerClientId() {
    return firstClientId;
  }

  /** How many tabs it can serve at once. */
  public int tabIds() {
    return lastClientId - firstClientId;
  }
}
