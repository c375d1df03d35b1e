package io.paxoschat.fault;

/** Told the cause of each message a filter drops, such as a replica's metrics. */
@FunctionalInterface
public interface DropListener {

  void dropped(String cause);

  DropListener NONE = cause -> {};
}
