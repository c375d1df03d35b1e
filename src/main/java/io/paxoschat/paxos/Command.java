package io.paxoschat.paxos;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What a slot of the replicated log holds: a batch of clients' chat lines, or a no-op that fills a hole. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Command.Batch.class, name = "batch"),
  @JsonSubTypes.Type(value = Command.Noop.class, name = "noop")
})
public sealed interface Command {

  /** The {@code seq}-th line (counting from 1) that client {@code clientId} sent. */
  record ChatLine(int clientId, long seq, String text) {
    public RequestId requestId() {
      return new RequestId(clientId, seq);
    }

    /** Bytes of the text in UTF-8, the measure of every size bound. */
    public int textBytes() {
      return Utf8.length(text);
    }
  }

  /**
   * Chat lines in the order they execute, all in one slot. Lines of one client appear in seq
   * order; a batch is never empty (an empty slot is a {@link Noop}).
   */
  record Batch(List<ChatLine> lines) implements Command {
    public Batch {
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("a batch holds at least one line");
      }
      lines = List.copyOf(lines);
    }

    public static Batch of(ChatLine... lines) {
      return new Batch(List.of(lines));
    }
  }

  /** Fills a slot that no value was chosen for; executes as nothing. */
  record Noop() implements Command {
    public static final Noop INSTANCE = new Noop();
  }

  /** Identifies a client request across retries and view changes. */
  record RequestId(int clientId, long seq) {}

  /** The chat lines of {@code command}: none for a no-op. */
  static List<ChatLine> linesOf(Command command) {
    return command instanceof Batch batch ? batch.lines() : List.of();
  }
}
