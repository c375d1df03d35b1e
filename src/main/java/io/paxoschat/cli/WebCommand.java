package io.paxoschat.cli;

import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.GatewayConfig;
import io.paxoschat.remote.NodeId;
import io.paxoschat.web.WebGateway;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/web}: a web gateway of the cluster, serving the chat and cluster pages. */
@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs gateway ID of the cluster file: a node in the client role (Artery on its host:port) that serves",
      "the chat page (/) and the cluster page (/cluster) over HTTP, on 127.0.0.1 and its http-port unless",
      "--bind and --port say otherwise. Each browser tab chats with a client id of the gateway's block.",
      "Runs until stopped."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "1:could not start (a port taken)",
      "2:bad usage or config"
    })
public final class WebCommand implements Callable<Integer> {

  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
      description = "Cluster config (HOCON) with a 'gateways' list. Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--id", paramLabel = "I", defaultValue = "0", description = "Which gateway of the config. Default: 0")
  int id;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: the gateway's http-port; 0 picks one).")
  Integer port;

  @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address the HTTP server listens on. Default: ${DEFAULT-VALUE}")
  String bind;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs",
      description = "Where the debug log goes. Default: ${DEFAULT-VALUE}")
  Path logs;

  private final PrintStream out;
  private final PrintStream err;

  public WebCommand() {
    this(System.out, System.err);
  }

  WebCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = execute(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new WebCommand(out, err), out, err).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ClusterConfig config;
    GatewayConfig gateway;
    try {
      config = ClusterConfig.load(configFile).acrossProcesses();
      if (id < 0 || id >= config.gateways().size()) {
        throw new UsageException("--id " + id + ": " + configFile + (config.gateways().isEmpty()
            ? " lists no gateways" : " has gateways 0.." + (config.gateways().size() - 1)));
      }
      gateway = config.gateway(id);
      if (port != null && (port < 0 || port > 65_535)) {
        throw new UsageException("--port must be in 0..65535, got " + port);
      }
    } catch (UsageException | ConfigException e) {
      err.println("web: " + e.getMessage());
      return 2;
    }
    NodeId self = NodeId.gateway(id);
    System.setProperty("paxoschat.debug-log",
        System.getProperty("paxoschat.debug-log", NodeFiles.debugLog(logs, self).toString()));
    WebGateway web;
    try {
      web = WebGateway.start(config, id, bind, port != null ? port : gateway.httpPort());
    } catch (IllegalStateException e) {
      err.println("web: " + e.getMessage());
      return 1;
    }
    String base = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + web.httpPort();
    out.println("gateway-" + id + ": chat " + base + "/  cluster " + base + "/cluster  (Artery "
        + gateway.address().hostPort() + ", client ids " + gateway.firstClientId() + ".." + gateway.lastClientId() + ")");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      web.stop(STOP_WAIT);
      stopped.countDown();
    }, "gateway-shutdown"));
    stopped.await();
    return 0;
  }
}
