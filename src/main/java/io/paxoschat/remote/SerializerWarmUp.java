package io.paxoschat.remote;

import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionClosed;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.Chosen;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LeaderAlive;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import io.paxoschat.paxos.WireMessage;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * Sends one of every wire message through the bound serializer and back before the node talks
 * to anyone: a message a codec would garble is found at start, not in the middle of a run. With
 * Jackson CBOR bound instead, it also pays up front for the (de)serializer Jackson builds for a
 * class on first use, which on a busy machine can take longer than a follower waits for its leader.
 */
final class SerializerWarmUp {

  private SerializerWarmUp() {}

  static List<WireMessage> samples() {
    Ballot ballot = new Ballot(1, 0);
    ChatLine line = new ChatLine(0, 1, "warm-up");
    Command.Batch batch = Command.Batch.of(line, new ChatLine(1, 1, "warm-up too"));
    return List.of(
        new Prepare(ballot, 0),
        new Accept(ballot, 0, batch),
        new Accept(ballot, 1, Command.Noop.INSTANCE),
        new Promise(ballot, 0, 0, List.of(new PValue(0, ballot, batch), new PValue(1, ballot, Command.Noop.INSTANCE)), 2, 0),
        new Accepted(ballot, 0, 0),
        new Rejected(ballot, 0),
        new Heartbeat(ballot, 0, 0, 0),
        new FollowerProgress(0, 0),
        new ViewChangeVote(1, 0),
        new LeaderAlive(ballot, 0, 0, 1),
        new Decision(0, batch),
        new Chosen(ballot, 0),
        new AcceptorMessage.FloorQuery(1, 5),
        new ProposerMessage.FloorAnswer(0, 41, 5),
        new ClientRequest(0, List.of(line)),
        new CatchUpRequest(0, 0),
        new CatchUpReply(List.of(new Decision(0, batch))),
        new ClientReply(0, 3, 1, 4, 1, 0),
        new SessionOpened(0, 5, 3, 0, 1),
        new SessionClosed(0, 3, 0),
        SessionRequest.open(0, 5),
        SessionRequest.close(0, 3),
        new Decision(3, new Command.OpenSession(0, 5)),
        new ReadChat(0, 0, 1),
        new ChatEntries(0, 0, 1, 1, List.of(new ChatEntry(0, line))),
        new NodeHello(true, false));
  }

  /** @throws IllegalStateException if a message does not survive the round trip: a bug, better found now */
  static void run(ActorSystem system) {
    Serialization serialization = SerializationExtension.get(system);
    for (WireMessage message : samples()) {
      var serializer = serialization.findSerializerFor(message);
      byte[] bytes = serializer.toBinary(message);
      Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
      if (!message.equals(back)) {
        throw new IllegalStateException("serializer round trip changed " + message + " into " + back);
      }
    }
  }
}
