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
  private final SameWhenUnchanged<T> sameWhenUnchanged = new SameWhenUnchanged<>();

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
    return sameWhenUnchanged.of(target.apply(ctx, message));
  }
}
