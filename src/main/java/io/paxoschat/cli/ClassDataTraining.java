package io.paxoschat.cli;

import io.paxoschat.remote.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What {@code bin/_common.sh} runs, in the background, under {@code -XX:ArchiveClassesAtExit}, to
 * make the class-data sharing archive every later node JVM maps instead of loading and verifying
 * the same few thousand classes again. A JVM archives only the classes it loaded, lambdas and
 * command-line parsing included, so the training runs what a node runs: three replicas and a
 * client of a cluster on free loopback ports, each through its command as {@code bin/replica} and
 * {@code bin/client} would run it, until the client's lines are acknowledged; then {@code bin/cluster
 * status}, and the process exits. Not a command for users: {@code args[0]} is a directory it may clear.
 */
public final class ClassDataTraining {

  private static final int REPLICAS = 3;
  private static final int LINES = 200;

  private ClassDataTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ClassDataTraining WORK_DIR");
      System.exit(2);
    }
    loadOurClasses();
    Path work = Path.of(args[0]).toAbsolutePath();
    clear(work);
    Path logs = Files.createDirectories(work.resolve("logs"));
    Path data = Files.createDirectories(work.resolve("data"));
    Path config = work.resolve("cluster.conf");
    Files.writeString(config, FreePorts.clusterFile(1, ""), StandardCharsets.UTF_8);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    List<String> common = List.of("--config", config.toString(), "--logs", logs.toString());
    ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS, r -> {
      Thread thread = new Thread(r, "class-data-training-replica");
      thread.setDaemon(true);
      return thread;
    });
    for (int id = 0; id < REPLICAS; id++) {
      List<String> replicaArgs = new ArrayList<>(common);
      replicaArgs.addAll(List.of("--id", String.valueOf(id), "--data", data.toString(), "--init"));
      replicas.submit(() -> ReplicaCommand.execute(replicaArgs.toArray(String[]::new), quiet, quiet));
    }
    List<String> clientArgs = new ArrayList<>(common);
    clientArgs.addAll(List.of("--id", "0", "--generate", String.valueOf(LINES), "--timeout", "60",
        "--acks", logs.resolve("client-0.acks").toString()));
    int client = ClientCommand.execute(clientArgs.toArray(String[]::new), InputStream.nullInputStream(), quiet, quiet);
    List<String> statusArgs = new ArrayList<>(List.of("status"));
    statusArgs.addAll(common);
    ClusterCommand.execute(statusArgs.toArray(String[]::new), quiet, quiet);
    // The replicas' shutdown hooks stop them; the archive is written after the hooks ran.
    System.exit(client);
  }

  private static void clear(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(dir);
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
