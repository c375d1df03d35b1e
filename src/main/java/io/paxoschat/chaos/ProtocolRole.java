package io.paxoschat.chaos;

import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Message;
import java.util.List;

/**
 * One Paxos role of one replica as the simulator drives it: events in, effects out. The shipped
 * roles are the pure core classes ({@link RoleFactory#core()}); tests plant buggy variants
 * behind the same interface to prove the invariant checker can fail.
 */
public interface ProtocolRole {

  /** The first effects of a fresh role; most roles have none. */
  default List<Effect> start() {
    return List.of();
  }

  /** Handles one message addressed to this role; the simulator only sends it its own kind. */
  List<Effect> handle(Message message);
}
