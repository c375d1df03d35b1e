package io.paxoschat.remote;

import io.paxoschat.actor.RoleGuard;
import io.paxoschat.paxos.WireMessage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the side door: a role actor has a path, and Artery delivers to any path, so a process
 * that knows it could skip the {@link Ingress}. A guarded role therefore takes protocol messages
 * only wrapped in {@link Admitted}, which nothing outside this process can produce; a bare
 * wire message came over the network around the ingress and is dropped. Everything else
 * (timer ticks, Pekko's own messages) passes as it is.
 */
final class IngressGuard implements RoleGuard {

  private static final Logger log = LoggerFactory.getLogger(IngressGuard.class);

  private final AtomicLong dropped = new AtomicLong();

  @Override
  public <M> Behavior<?> guard(Class<M> messageClass, Behavior<M> role) {
    return Behaviors.intercept(() -> new Interceptor<M>(), role);
  }

  long dropped() {
    return dropped.get();
  }

  private final class Interceptor<M> extends BehaviorInterceptor<Object, M> {

    Interceptor() {
      super(Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Behavior<M> aroundReceive(TypedActorContext<Object> ctx, Object message, ReceiveTarget<M> target) {
      if (message instanceof Admitted admitted) {
        return target.apply(ctx, (M) admitted.message());
      }
      if (message instanceof WireMessage) {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 10_000 == 0) {
          log.warn("{}: dropped a {} sent straight to the role's path, around the ingress that checks"
              + " senders ({} so far)", ctx.asJava().getSelf().path(), message.getClass().getSimpleName(), count);
        }
        return Behaviors.same();
      }
      return target.apply(ctx, (M) message);
    }
  }
}
