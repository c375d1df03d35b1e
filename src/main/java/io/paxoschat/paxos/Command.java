package io.paxoschat.paxos;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a slot of the replicated log holds: a client's chat line, or a no-op that fills a hole. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Command.ChatLine.class, name = "line"),
  @JsonSubTypes.Type(value = Command.Noop.class, name = "noop")
})
public sealed interface Command {

  /** The {@code seq}-th line (counting from 1) that client {@code clientId} sent. */
  record ChatLine(int clientId, long seq, String text) implements Command {
    public RequestId requestId() {
      return new RequestId(clientId, seq);
    }
  }

  /** Fills a slot that no value was chosen for; executes as nothing. */
  record Noop() implements Command {
    public static final Noop INSTANCE = new Noop();
  }

  /** Identifies a client request across retries and view changes. */
  record RequestId(int clientId, long seq) {}
}
