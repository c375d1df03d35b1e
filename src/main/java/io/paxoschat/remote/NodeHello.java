package io.paxoschat.remote;

import io.paxoschat.paxos.WireMessage;

/**
 * "I am up", between the ingresses of two nodes. A replica process greets its peers until it has
 * heard from a majority of the replicas, and only then starts its roles: the leader of view 0
 * does not spend its first view on peers whose JVMs are still starting.
 *
 * @param answerWanted the receiver greets back, so that a node that started late is heard too
 * @param running the sender's roles already run: the cluster is up, and a replica that starts now
 *     is one that came back, with nothing to gain from waiting for peers that stay silent
 */
public record NodeHello(boolean answerWanted, boolean running) implements WireMessage {}
