package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The acceptor of one replica: the memory of the protocol. It never breaks a promise: once it
 * promised a ballot it accepts nothing lower, and it reports every value it accepted to the
 * leader of any higher ballot, which is what keeps a chosen value chosen across view changes.
 */
public final class Acceptor {

  private final int id;
  private Ballot promised = Ballot.NONE;
  private final NavigableMap<Long, PValue> accepted = new TreeMap<>();

  public Acceptor(int id) {
    this.id = id;
  }

  public List<Effect> handle(AcceptorMessage message) {
    List<Effect> out = new ArrayList<>(1);
    // Java 17 has no pattern switch yet; the sealed interface keeps this list complete.
    if (message instanceof Prepare prepare) {
      onPrepare(prepare, out);
    } else if (message instanceof Accept accept) {
      onAccept(accept, out);
    }
    return out;
  }

  private void onPrepare(Prepare prepare, List<Effect> out) {
    Address leader = Address.proposer(prepare.ballot().leaderId());
    if (prepare.ballot().isAtLeast(promised)) {
      promised = prepare.ballot();
      List<PValue> report = new ArrayList<>(accepted.tailMap(prepare.fromSlot(), true).values());
      out.add(new Effect.Send(leader, new Promise(promised, id, report)));
    } else {
      out.add(new Effect.Send(leader, new Rejected(promised, id)));
    }
  }

  private void onAccept(Accept accept, List<Effect> out) {
    Address leader = Address.proposer(accept.ballot().leaderId());
    if (accept.ballot().isAtLeast(promised)) {
      promised = accept.ballot();
      accepted.put(accept.slot(), new PValue(accept.slot(), accept.ballot(), accept.command()));
      out.add(new Effect.Send(leader, new Accepted(accept.ballot(), id, accept.slot())));
    } else {
      out.add(new Effect.Send(leader, new Rejected(promised, id)));
    }
  }

  public Ballot promised() {
    return promised;
  }

  public PValue acceptedAt(long slot) {
    return accepted.get(slot);
  }
}
