package io.paxoschat.actor;

import org.apache.pekko.actor.typed.Behavior;

/**
 * Wraps the behavior of a role before it is spawned. One JVM needs nothing; across processes
 * the roles accept network messages only as their node's ingress admitted them.
 */
public interface RoleGuard {

  <M> Behavior<?> guard(Class<M> messageClass, Behavior<M> role);

  RoleGuard NONE = new RoleGuard() {
    @Override
    public <M> Behavior<?> guard(Class<M> messageClass, Behavior<M> role) {
      return role;
    }
  };
}
