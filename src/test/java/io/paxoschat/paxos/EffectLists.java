package io.paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/** Reads a role's effects the way a test asserts on them: what was sent, to whom, what executed. */
final class EffectLists {

  private EffectLists() {}

  /** Every message of {@code type} among the sends, in order (once per recipient). */
  static <M> List<M> sent(List<Effect> effects, Class<M> type) {
    List<M> messages = new ArrayList<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && type.isInstance(send.message())) {
        messages.add(type.cast(send.message()));
      }
    }
    return messages;
  }

  /** The sends whose message is of {@code type}. */
  static List<Effect.Send> sends(List<Effect> effects, Class<?> type) {
    List<Effect.Send> sends = new ArrayList<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && type.isInstance(send.message())) {
        sends.add(send);
      }
    }
    return sends;
  }

  /** Who received a message of {@code type}, in order. */
  static List<Address> recipients(List<Effect> effects, Class<?> type) {
    List<Address> to = new ArrayList<>();
    for (Effect.Send send : sends(effects, type)) {
      to.add(send.to());
    }
    return to;
  }

  /** The slots executed, in order. */
  static <E extends Effect> List<E> ofType(List<Effect> effects, Class<E> type) {
    return effects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static List<Effect.Execute> executed(List<Effect> effects) {
    List<Effect.Execute> executed = new ArrayList<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Execute execute) {
        executed.add(execute);
      }
    }
    return executed;
  }

  static List<Address> acceptors(int... ids) {
    List<Address> addresses = new ArrayList<>();
    for (int id : ids) {
      addresses.add(Address.acceptor(id));
    }
    return addresses;
  }

  static List<Address> learners(int... ids) {
    List<Address> addresses = new ArrayList<>();
    for (int id : ids) {
      addresses.add(Address.learner(id));
    }
    return addresses;
  }
}
