package io.paxoschat.remote;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** What a stranger's plain TCP connection to a node can tell about it from its own end. */
public final class StrangerSockets {

  private StrangerSockets() {}

  /** Whether the node closed (or reset) {@code socket}; looks for at most a millisecond. */
  public static boolean closedByPeer(Socket socket) {
    try {
      socket.setSoTimeout(1);
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
