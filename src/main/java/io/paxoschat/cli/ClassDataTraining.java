package io.paxoschat.cli;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.remote.FreePorts;
import io.paxoschat.remote.NodeId;
import io.paxoschat.remote.RemoteNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What {@code bin/_common.sh} runs once, under {@code -XX:ArchiveClassesAtExit}, to make the
 * class-data sharing archive every later node JVM maps instead of loading and verifying the same
 * few thousand classes again: it loads this program's classes and starts two nodes on free
 * loopback ports that greet each other over Artery, then exits. Not a command for users.
 */
public final class ClassDataTraining {

  private static final Duration GREETING = Duration.ofSeconds(20);

  private ClassDataTraining() {}

  public static void main(String[] args) throws Exception {
    loadOurClasses();
    ClusterConfig config =
        ClusterConfig.parse(FreePorts.clusterFile(1, ""), Path.of("class-data-training")).acrossProcesses();
    RemoteNode replica = RemoteNode.start(config, NodeId.replica(0), (ctx, directory, guard) -> {});
    RemoteNode client = RemoteNode.start(config, NodeId.client(0), (ctx, directory, guard) -> {});
    try {
      // The replica has no roles, so its ingress drops what arrives: that it counts the drop
      // means the whole way in (handshake, serializer, ingress) has run once.
      long deadline = System.nanoTime() + GREETING.toNanos();
      while (replica.droppedMessages() == 0 && System.nanoTime() < deadline) {
        client.send(Address.proposer(0), new ProposerMessage.FollowerProgress(0, 0));
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } finally {
      client.stop(Duration.ofSeconds(5));
      replica.stop(Duration.ofSeconds(5));
    }
    System.exit(0);
  }

  /** Loads (without initializing) every class of this program's jar, so the archive holds them all. */
  private static void loadOurClasses() throws IOException {
    String classPath = System.getProperty("java.class.path");
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      try (JarFile jar = new JarFile(entry)) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String name = entries.nextElement().getName();
          if (name.startsWith("io/paxoschat/") && name.endsWith(".class")) {
            try {
              Class.forName(name.replace('/', '.').substring(0, name.length() - ".class".length()), false,
                  ClassDataTraining.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
              // a class that cannot load is simply not archived
            }
          }
        }
      }
    }
  }
}
