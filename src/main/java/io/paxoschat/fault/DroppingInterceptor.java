package io.paxoschat.fault;

import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.TypedActorContext;

/** Wraps an actor so that the messages a {@link MessageFilter} picks never reach it. */
public final class DroppingInterceptor<T> extends BehaviorInterceptor<T, T> {

  private final MessageFilter filter;
  private final LongAdder dropped;

  private DroppingInterceptor(Class<T> messageClass, MessageFilter filter, LongAdder dropped) {
    super(messageClass);
    this.filter = filter;
    this.dropped = dropped;
  }

  /** {@code behavior} unchanged when nothing is ever dropped, else wrapped. */
  public static <T> Behavior<T> wrap(
      Class<T> messageClass, MessageFilter filter, LongAdder dropped, Behavior<T> behavior) {
    if (filter == MessageFilter.NONE) {
      return behavior;
    }
    return Behaviors.intercept(() -> new DroppingInterceptor<>(messageClass, filter, dropped), behavior);
  }

  @Override
  public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T message, ReceiveTarget<T> target) {
    if (filter.drops(message)) {
      dropped.increment();
      return Behaviors.same();
    }
    return target.apply(ctx, message);
  }
}
