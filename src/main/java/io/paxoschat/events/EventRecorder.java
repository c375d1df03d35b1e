package io.paxoschat.events;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Message;
import java.util.Map;

/**
 * Records what the nodes of a run did, for the run's report. Called where effects are carried
 * out (a shell's send, a receipt at the interceptor in front of a role, the simulator's network),
 * never from the protocol core: protocol events such as a decided slot or a view change are read
 * off the messages.
 *
 * <p>{@link #OFF} does nothing; shells install their recording wrappers only when {@link #on()}.
 * Implementations are called from many actor threads at once.
 */
public interface EventRecorder {

  /** Why a message did not reach the role it was sent to. */
  enum DropCause {
    /** The loss fault (random). */
    LOSS,
    /** A partition cut the link (chaos simulator). */
    CUT,
    /** It came from a process that is not a node of the cluster, or around the ingress. */
    STRANGER;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  boolean on();

  /** The run's description, written first: scenario, config, seed, faults, replicas, clients. */
  void header(Map<String, Object> fields);

  void sent(Address from, Address to, Message message);

  /** {@code message} reached the role at {@code to}; {@code from} is null when the receiver cannot tell. */
  void received(Address from, Address to, Message message);

  void dropped(Address from, Address to, Object message, DropCause cause);

  void executed(int replica, long slot, Command command);

  /** {@code file} of replica {@code replica} was fsynced; it took {@code nanos}. */
  void fsynced(int replica, String file, long nanos);

  void crashed(int replica, String cause);

  /** Replica {@code replica} runs again, its state read back with {@code slotsOnDisk} slots executed. */
  void restarted(int replica, long slotsOnDisk);

  /** Something worth a mark on the diagram, such as a partition; {@code lane} may be null (the whole run). */
  void note(String lane, String text);

  /** An invariant was broken: goes to the top of the report and onto the diagram. */
  void violation(String invariant, String detail);

  /** Ends the record: writes what is still buffered and {@code fields} (verdict, md5s...), and closes. */
  void close(Map<String, Object> fields);

  /** Writes what is buffered so far (processes do this now and then, so a killed one leaves most). */
  default void flush() {}

  EventRecorder OFF = new EventRecorder() {
    @Override
    public boolean on() {
      return false;
    }

    @Override
    public void header(Map<String, Object> fields) {}

    @Override
    public void sent(Address from, Address to, Message message) {}

    @Override
    public void received(Address from, Address to, Message message) {}

    @Override
    public void dropped(Address from, Address to, Object message, DropCause cause) {}

    @Override
    public void executed(int replica, long slot, Command command) {}

    @Override
    public void fsynced(int replica, String file, long nanos) {}

    @Override
    public void crashed(int replica, String cause) {}

    @Override
    public void restarted(int replica, long slotsOnDisk) {}

    @Override
    public void note(String lane, String text) {}

    @Override
    public void violation(String invariant, String detail) {}

    @Override
    public void close(Map<String, Object> fields) {}
  };
}
