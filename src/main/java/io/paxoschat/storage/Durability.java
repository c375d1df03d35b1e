package io.paxoschat.storage;

import java.util.Locale;

/** How hard the acceptor works to remember what it promised and accepted. */
public enum Durability {
  /** Each batch of records is written and fsynced before the answers it guards leave. */
  FSYNC,
  /** Records are written to the operating system before answers leave, never fsynced. */
  OS,
  /** Nothing is written; a restarted replica has forgotten every promise. */
  MEMORY;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The setting named {@code name} (fsync, os or memory), or null. */
  public static Durability parse(String name) {
    for (Durability durability : values()) {
      if (durability.configName().equals(name)) {
        return durability;
      }
    }
    return null;
  }
}
