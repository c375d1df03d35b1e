package io.paxoschat.fault;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.events.EventRecorder.DropCause;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * Wraps an actor so that the messages a {@link MessageFilter} picks never reach it. With an
 * event recorder on, it also records every message that does reach the actor, and every one it
 * drops with the filter's reason: the one place all of a role's incoming messages pass.
 */
public final class DroppingInterceptor<T> extends BehaviorInterceptor<T, T> {

  private final MessageFilter filter;
  private final LongAdder dropped;
  private final EventRecorder events;
  private final Address self;
  private final DropListener listener;
  /** What the wrapped behavior returned last, other than same or unhandled; only its actor touches it. */
  private Behavior<T> lastInner;

  private DroppingInterceptor(
      Class<T> messageClass, MessageFilter filter, LongAdder dropped, EventRecorder events, Address self,
      DropListener listener) {
    super(messageClass);
    this.filter = filter;
    this.dropped = dropped;
    this.events = events;
    this.self = self;
    this.listener = listener;
  }

  /** {@code behavior} unchanged when nothing is ever dropped, else wrapped. */
  public static <T> Behavior<T> wrap(
      Class<T> messageClass, MessageFilter filter, LongAdder dropped, Behavior<T> behavior) {
    return wrap(messageClass, filter, dropped, EventRecorder.OFF, null, behavior);
  }

  /**
   * {@code behavior} unchanged when nothing is ever dropped and {@code events} is off, else
   * wrapped; {@code self} is the address of the wrapped role, for the record.
   */
  public static <T> Behavior<T> wrap(
      Class<T> messageClass, MessageFilter filter, LongAdder dropped, EventRecorder events, Address self,
      Behavior<T> behavior) {
    return wrap(messageClass, filter, dropped, events, self, DropListener.NONE, behavior);
  }

  /** As above; {@code listener} also hears the cause of each drop. */
  public static <T> Behavior<T> wrap(
      Class<T> messageClass, MessageFilter filter, LongAdder dropped, EventRecorder events, Address self,
      DropListener listener, Behavior<T> behavior) {
    if (filter == MessageFilter.NONE && !events.on()) {
      return behavior;
    }
    return Behaviors.intercept(
        () -> new DroppingInterceptor<>(messageClass, filter, dropped, events, self, listener), behavior);
  }

  @Override
  public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T message, ReceiveTarget<T> target) {
    String cause = filter.dropCause(message);
    if (cause != null) {
      dropped.increment();
      listener.dropped(cause);
      events.dropped(null, self, message, DropCause.LOSS);
      return Behaviors.same();
    }
    if (message instanceof Message protocol) {
      events.received(null, self, protocol);
    }
    return sameIfUnchanged(target.apply(ctx, message));
  }

  /**
   * Pekko wraps what the inner behavior returns in a new interceptor unless it is
   * {@code Behaviors.same()}; a role written as an {@code AbstractBehavior} returns {@code this},
   * so every message cost a new wrapper and a walk down the behavior stack. What the inner behavior
   * returned last is the one the current wrapper holds: returned again, it is the same.
   */
  private Behavior<T> sameIfUnchanged(Behavior<T> next) {
    if (next == lastInner) {
      return Behaviors.same();
    }
    // A deferred behavior (setup) is started anew each time it is returned: never the same.
    if (Behavior.isAlive(next) && !Behavior.isUnhandled(next) && !Behavior.isDeferred(next)
        && next != Behaviors.<T>same()) {
      lastInner = next;
    }
    return next;
  }
}
