package io.paxoschat.remote;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.paxoschat.paxos.Command;

/**
 * What Jackson needs to know about the protocol's types that the Paxos core, which imports
 * nothing but the JDK, does not say itself: that a {@link Command} is written with its kind.
 * Registered in {@code pekko.serialization.jackson.jackson-modules}, so the {@code jackson-cbor}
 * binding can carry wire messages: the alternative format {@code bin/bench-wire} measures.
 */
public final class CborMixIns extends SimpleModule {

  public CborMixIns() {
    super("paxos-chat");
    setMixInAnnotation(Command.class, CommandMixIn.class);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Command.Batch.class, name = "batch"),
    @JsonSubTypes.Type(value = Command.Noop.class, name = "noop"),
    @JsonSubTypes.Type(value = Command.OpenSession.class, name = "open-session"),
    @JsonSubTypes.Type(value = Command.CloseSession.class, name = "close-session")
  })
  private interface CommandMixIn {}
}
