package io.paxoschat.fault;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Lets an interceptor keep one wrapper for the life of its role. Pekko wraps whatever an
 * intercepted behavior returns in a new interceptor unless it is {@code Behaviors.same()}, and a
 * role written as an {@code AbstractBehavior} returns {@code this}: without this, every message
 * to an intercepted role cost a new wrapper and a walk down the behavior stack. The behavior the
 * role returned last is the one the current wrapper holds, so returned again it is the same.
 *
 * <p>One per interceptor instance; only its actor calls it.
 */
public final class SameWhenUnchanged<T> {

  private Behavior<T> last;

  /** {@code next}, or {@code same} when it is what the wrapped behavior returned last. */
  public Behavior<T> of(Behavior<T> next) {
    if (next == last) {
      return Behaviors.same();
    }
    // A deferred behavior (setup) is started anew each time it is returned: never the same.
    if (Behavior.isAlive(next) && !Behavior.isUnhandled(next) && !Behavior.isDeferred(next)
        && next != Behaviors.<T>same()) {
      last = next;
    }
    return next;
  }
}
