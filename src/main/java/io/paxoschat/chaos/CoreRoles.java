package io.paxoschat.chaos;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.Proposer;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Adapters from the core classes to {@link ProtocolRole}: nothing but a cast per message. */
enum CoreRoles implements RoleFactory {
  INSTANCE;

  @Override
  public ProtocolRole acceptor(int id) {
    Acceptor acceptor = new Acceptor(id);
    return message -> acceptor.handle((AcceptorMessage) message);
  }

  @Override
  public ProtocolRole proposer(int id, int replicaCount, ProtocolSettings settings, Random random, long skipSlot) {
    Proposer proposer = new Proposer(id, replicaCount, settings, random);
    if (skipSlot >= 0) {
      proposer.leaveSlotEmptyInView0(skipSlot);
    }
    return new ProtocolRole() {
      @Override
      public List<Effect> start() {
        return proposer.start();
      }

      @Override
      public List<Effect> handle(Message message) {
        return proposer.handle((ProposerMessage) message);
      }
    };
  }

  @Override
  public ProtocolRole learner(int id, int replicaCount, ProtocolSettings settings) {
    Learner learner = new Learner(id, replicaCount, settings);
    return message -> learner.handle((LearnerMessage) message);
  }

  ProtocolRole rejoiningAcceptor(int id, ProtocolSettings settings) {
    List<Effect> first = new java.util.ArrayList<>();
    Acceptor acceptor = Acceptor.rejoining(id, settings.maxInFlight(), first);
    return new ProtocolRole() {
      @Override
      public List<Effect> start() {
        return first;
      }

      @Override
      public List<Effect> handle(Message message) {
        return acceptor.handle((AcceptorMessage) message);
      }
    };
  }

  ProtocolRole restartedProposer(
      int id, int replicaCount, ProtocolSettings settings, Random random, Ballot promised, long executedUpTo) {
    Proposer proposer = new Proposer(id, replicaCount, settings, random);
    return new ProtocolRole() {
      @Override
      public List<Effect> start() {
        return proposer.restart(promised, executedUpTo);
      }

      @Override
      public List<Effect> handle(Message message) {
        return proposer.handle((ProposerMessage) message);
      }
    };
  }

  ProtocolRole recoveredLearner(int id, int replicaCount, ProtocolSettings settings, List<Command> executed) {
    Learner learner = Learner.replay(id, replicaCount, settings, executed);
    return message -> learner.handle((LearnerMessage) message);
  }
}
