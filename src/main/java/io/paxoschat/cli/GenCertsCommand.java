package io.paxoschat.cli;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.NodeAddress;
import io.paxoschat.config.TlsConfig;
import io.paxoschat.remote.NodeId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/gen-certs}: a development CA and a key pair per node, made with the JDK's keytool,
 * for Artery over TLS with mutual authentication. Every node trusts the CA and nothing else, so
 * a node whose certificate another CA signed cannot connect.
 */
@Command(
    name = "gen-certs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Makes a development CA and, for every node of the config (or the NODEs named), a PKCS12 key",
      "store with the node's key and a certificate the CA signed (usable as server and client, for",
      "127.0.0.1, localhost and the node's configured host). Writes into DIR:",
      "  ca.p12           the CA's private key: keep it to add nodes later (--new-ca replaces it)",
      "  truststore.p12   the CA's certificate, which every node trusts",
      "  <node>.p12       e.g. replica-0.p12, client-2.p12",
      "Turn TLS on in the cluster file with: tls { enabled = on, dir = \"DIR\" }"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:keytool failed", "2:bad usage or config"})
public final class GenCertsCommand implements Callable<Integer> {

  private static final Pattern NODE_NAME = Pattern.compile("(replica|client|gateway)-(0|[1-9][0-9]{0,5})");
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
  /** keytool starts a JVM per step; these flags halve its start-up and change nothing it makes. */
  private static final List<String> FAST_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
      description = "Cluster config whose nodes get certificates. Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where to write (default: tls.dir of the config if it has a tls block, else ${sys:paxoschat.home:-.}/certs).")
  Path out;

  @Option(names = "--password", paramLabel = "PW", defaultValue = TlsConfig.DEFAULT_PASSWORD,
      description = "Password of every store (default: the config's tls.password, else ${DEFAULT-VALUE}).")
  String password;

  @Option(names = "--ca-name", paramLabel = "NAME", defaultValue = "paxos-chat dev CA",
      description = "Common name of a new CA. Default: ${DEFAULT-VALUE}")
  String caName;

  @Option(names = "--new-ca", description = "Make a new CA even if DIR has one (nodes signed by the old one stop working).")
  boolean newCa;

  @Option(names = "--validity", paramLabel = "DAYS", defaultValue = "365", description = "Default: ${DEFAULT-VALUE}")
  int validityDays;

  @Parameters(paramLabel = "NODE", arity = "0..*", description = "Only these nodes, e.g. replica-0 client-2.")
  List<String> only = new ArrayList<>();

  private final PrintStream stdout;
  private final PrintStream err;

  public GenCertsCommand() {
    this(System.out, System.err);
  }

  GenCertsCommand(PrintStream stdout, PrintStream err) {
    this.stdout = stdout;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new GenCertsCommand(out, err), out, err).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    Map<NodeId, NodeAddress> nodes;
    Path dir;
    String storePassword;
    try {
      ClusterConfig config = ClusterConfig.load(configFile);
      nodes = nodes(config);
      boolean configNamesDir = !config.tls().equals(TlsConfig.OFF);
      dir = out != null ? out
          : configNamesDir ? config.tls().dir()
          : Path.of(System.getProperty("paxoschat.home", ".")).resolve("certs");
      storePassword = configNamesDir && password.equals(TlsConfig.DEFAULT_PASSWORD) ? config.tls().password() : password;
      if (storePassword.length() < 6) {
        throw new UsageException("--password must have at least 6 characters (keytool's rule)");
      }
      if (validityDays < 1) {
        throw new UsageException("--validity must be at least 1 day, got " + validityDays);
      }
      WritablePaths.requireDirectory(out != null ? "--out" : "the certificate directory", dir);
    } catch (UsageException | ConfigException e) {
      err.println("gen-certs: " + e.getMessage());
      return 2;
    }
    Files.createDirectories(dir);
    Keytool keytool = new Keytool(dir, storePassword);
    try {
      Path ca = dir.resolve("ca.p12");
      if (newCa || !Files.exists(ca)) {
        Files.deleteIfExists(ca);
        Files.deleteIfExists(dir.resolve("truststore.p12"));
        keytool.run("-genkeypair", "-alias", "ca", "-dname", "CN=" + caName, "-keyalg", "EC",
            "-validity", String.valueOf(validityDays * 2), "-ext", "bc:c", "-keystore", "ca.p12",
            "-storetype", "PKCS12");
        stdout.println("new CA '" + caName + "' in " + ca);
      }
      keytool.run("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
      if (!Files.exists(dir.resolve("truststore.p12"))) {
        keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12",
            "-storetype", "PKCS12");
      }
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> signed = new ArrayList<>();
        for (Map.Entry<NodeId, NodeAddress> node : nodes.entrySet()) {
          signed.add(pool.submit(() -> {
            nodeStore(keytool, node.getKey(), node.getValue());
            return null;
          }));
        }
        for (Future<?> future : signed) {
          future.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      Files.deleteIfExists(dir.resolve("ca.pem"));
    } catch (java.util.concurrent.ExecutionException e) {
      err.println("gen-certs: " + e.getCause().getMessage());
      return 1;
    } catch (KeytoolException e) {
      err.println("gen-certs: " + e.getMessage());
      return 1;
    }
    stdout.println("wrote " + dir.resolve("truststore.p12") + " and " + nodes.size() + " node key store(s): "
        + String.join(", ", nodes.keySet().stream().map(n -> n.name() + ".p12").toList()));
    return 0;
  }

  private Map<NodeId, NodeAddress> nodes(ClusterConfig config) {
    Map<NodeId, NodeAddress> all = new LinkedHashMap<>();
    for (NodeAddress replica : config.replicas()) {
      all.put(NodeId.replica(replica.id()), replica);
    }
    for (NodeAddress client : config.clients()) {
      all.put(NodeId.client(client.id()), client);
    }
    for (var gateway : config.gateways()) {
      all.put(NodeId.gateway(gateway.id()), gateway.address());
    }
    if (only.isEmpty()) {
      return all;
    }
    Map<NodeId, NodeAddress> chosen = new LinkedHashMap<>();
    for (String name : only) {
      var match = NODE_NAME.matcher(name);
      if (!match.matches()) {
        throw new UsageException("'" + name + "' is not a node name such as replica-0, client-2 or gateway-0");
      }
      int id = Integer.parseInt(match.group(2));
      NodeId node = switch (match.group(1)) {
        case "replica" -> NodeId.replica(id);
        case "gateway" -> NodeId.gateway(id);
        default -> NodeId.client(id);
      };
      if (!all.containsKey(node)) {
        throw new UsageException(name + " is not a node of " + configFile);
      }
      chosen.put(node, all.get(node));
    }
    return chosen;
  }

  private void nodeStore(Keytool keytool, NodeId node, NodeAddress at) throws IOException, InterruptedException {
    String name = node.name();
    Files.deleteIfExists(keytool.dir.resolve(name + ".p12"));
    keytool.run("-genkeypair", "-alias", "node", "-dname", "CN=" + name, "-keyalg", "EC",
        "-validity", String.valueOf(validityDays), "-keystore", name + ".p12", "-storetype", "PKCS12");
    keytool.run("-certreq", "-alias", "node", "-keystore", name + ".p12", "-file", name + ".csr");
    keytool.run("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile",
        name + ".pem", "-rfc", "-validity", String.valueOf(validityDays),
        "-ext", "san=" + subjectAltNames(at.host()), "-ext", "eku=serverAuth,clientAuth");
    // The reply carries the CA's certificate too, so keytool can chain it without asking.
    Path chain = keytool.dir.resolve(name + "-chain.pem");
    Files.writeString(chain, Files.readString(keytool.dir.resolve(name + ".pem"))
        + Files.readString(keytool.dir.resolve("ca.pem")), StandardCharsets.US_ASCII);
    keytool.run("-importcert", "-noprompt", "-alias", "node", "-file", name + "-chain.pem", "-keystore",
        name + ".p12");
    for (String leftover : List.of(".csr", ".pem", "-chain.pem")) {
      Files.deleteIfExists(keytool.dir.resolve(name + leftover));
    }
  }

  /** Loopback always, so a cluster on one machine works; the configured host as well. */
  static String subjectAltNames(String host) {
    List<String> names = new ArrayList<>(List.of("ip:127.0.0.1", "dns:localhost"));
    String own = (IP_LITERAL.matcher(host).matches() ? "ip:" : "dns:") + host;
    if (!names.contains(own)) {
      names.add(own);
    }
    return String.join(",", names);
  }

  private static final class KeytoolException extends RuntimeException {
    KeytoolException(String message) {
      super(message);
    }
  }

  /** keytool, run in the output directory with the store password. */
  private static final class Keytool {
    private final Path dir;
    private final String password;
    private final String binary =
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    Keytool(Path dir, String password) {
      this.dir = dir;
      this.password = password;
    }

    void run(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(binary);
      command.addAll(FAST_JVM);
      command.addAll(List.of(args));
      // -storepass on the command line is visible in ps; acceptable for a development CA.
      command.addAll(List.of("-storepass", password));
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new KeytoolException("keytool " + args[0] + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new KeytoolException("keytool " + args[0] + " failed: " + output.strip().replaceAll("\\s+", " "));
      }
    }
  }
}
