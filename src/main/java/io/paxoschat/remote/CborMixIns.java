package io.paxoschat.remote;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Utf8Text;
import java.io.IOException;

/**
 * What Jackson needs to know about the protocol's types that the Paxos core, which imports
 * nothing but the JDK, does not say itself: that a {@link Command} is written with its kind, and
 * a {@link Utf8Text} as the string it holds.
 * Registered in {@code pekko.serialization.jackson.jackson-modules}, so the {@code jackson-cbor}
 * binding can carry wire messages: the alternative format {@code bin/bench-wire} measures.
 */
public final class CborMixIns extends SimpleModule {

  public CborMixIns() {
    super("paxos-chat");
    setMixInAnnotation(Command.class, CommandMixIn.class);
    addSerializer(Utf8Text.class, ToStringSerializer.instance);
    addDeserializer(Utf8Text.class, new Utf8TextFromString());
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Command.Batch.class, name = "batch"),
    @JsonSubTypes.Type(value = Command.Noop.class, name = "noop"),
    @JsonSubTypes.Type(value = Command.OpenSession.class, name = "open-session"),
    @JsonSubTypes.Type(value = Command.CloseSession.class, name = "close-session")
  })
  private interface CommandMixIn {}

  /** A text from the string it was written as, spaces and all (Jackson's own string readers trim). */
  private static final class Utf8TextFromString extends StdScalarDeserializer<Utf8Text> {
    Utf8TextFromString() {
      super(Utf8Text.class);
    }

    @Override
    public Utf8Text deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Utf8Text) context.handleUnexpectedToken(Utf8Text.class, parser);
      }
      return Utf8Text.of(parser.getText());
    }
  }
}
