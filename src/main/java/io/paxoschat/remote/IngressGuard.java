package io.paxoschat.remote;

import io.paxoschat.actor.RoleGuard;
import io.paxoschat.fault.NetworkFaults;
import io.paxoschat.fault.SameWhenUnchanged;
import io.paxoschat.paxos.WireMessage;
import java.util.SplittableRandom;
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
 *
 * <p>It is also where a nemesis breaks the network of a node process: an admitted message from
 * another node is lost when the node's {@link NetworkFaults} say so (loss, partition), which
 * only a replica started with {@code --nemesis-control} can switch on.
 */
final class IngressGuard implements RoleGuard {

  private static final Logger log = LoggerFactory.getLogger(IngressGuard.class);

  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lostToFaults = new AtomicLong();
  private final NetworkFaults faults;
  private final NodeId self;
  private final long seed;
  /** Each role draws its losses from a stream of its own. */
  private final AtomicLong roles = new AtomicLong();

  IngressGuard(NodeId self, NetworkFaults faults, long seed) {
    this.self = self;
    this.faults = faults;
    this.seed = seed;
  }

  @Override
  public <M> Behavior<?> guard(Class<M> messageClass, Behavior<M> role) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + self.hashCode() * 31L + roles.incrementAndGet());
    return Behaviors.intercept(() -> new Interceptor<M>(random), role);
  }

  long dropped() {
    return dropped.get();
  }

  /** Messages from other nodes that the nemesis's faults lost. */
  long lostToFaults() {
    return lostToFaults.get();
  }

  private final class Interceptor<M> extends BehaviorInterceptor<Object, M> {

    private final SplittableRandom random;
    private final SameWhenUnchanged<M> sameWhenUnchanged = new SameWhenUnchanged<>();

    Interceptor(SplittableRandom random) {
      super(Object.class);
      this.random = random;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Behavior<M> aroundReceive(TypedActorContext<Object> ctx, Object message, ReceiveTarget<M> target) {
      if (message instanceof Admitted admitted) {
        if (!admitted.from().equals(self) && faults.drops(admitted.from().name(), random)) {
          lostToFaults.incrementAndGet();
          return Behaviors.same();
        }
        return sameWhenUnchanged.of(target.apply(ctx, (M) admitted.message()));
      }
      if (message instanceof WireMessage) {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 10_000 == 0) {
          log.warn("{}: dropped a {} sent straight to the role's path, around the ingress that checks"
              + " senders ({} so far)", ctx.asJava().getSelf().path(), message.getClass().getSimpleName(), count);
        }
        return Behaviors.same();
      }
      return sameWhenUnchanged.of(target.apply(ctx, (M) message));
    }
  }
}
