package io.paxoschat.actor;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/** The directory of a cluster that lives in one JVM: actors register their refs as they start. */
public final class LocalDirectory implements Directory {

  private final Map<Address, ActorRef<?>> refs = new ConcurrentHashMap<>();

  public void register(Address address, ActorRef<?> ref) {
    refs.put(address, ref);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void send(Address to, Message message) {
    // The protocol addresses each role only with messages of that role's type.
    ActorRef<Message> ref = (ActorRef<Message>) refs.get(to);
    if (ref != null) {
      ref.tell(message);
    }
  }
}
