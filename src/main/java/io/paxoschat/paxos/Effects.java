package io.paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/** The effects one event produces, collected in order. */
final class Effects {

  private final List<Effect> list = new ArrayList<>();

  void send(Address to, Message message) {
    list.add(new Effect.Send(to, message));
  }

  void add(Effect effect) {
    list.add(effect);
  }

  List<Effect> list() {
    return list;
  }
}
