// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import network.perun.node.PerunCli;
import network.perun.node.api.ApiServer;
import network.perun.node.config.ConfigException;
import network.perun.node.config.ConfigKey;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.DataDirInit;
import network.perun.node.config.NodeConfig;
import network.perun.node.config.OwnerOnlyFiles;
import network.perun.node.daemon.Node;
import network.perun.node.daemon.ProductionConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perun node}: runs a node until SIGTERM or SIGINT, with the local API. The configuration comes from the
 * command line, then the environment ({@code PERUN_*}), then the file, then the defaults.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a perun node: one identity, its contacts and channels, the local API and /metrics. Stops cleanly on",
      "SIGTERM or Ctrl-C: updates in flight finish or are rolled back. Create the configuration with perun init."
    })
public final class NodeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The configuration file (default: $PERUN_CONFIG, else ./" + DataDirInit.CONFIG_FILE + ").")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides data-dir.")
  String dataDir;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Overrides listen (where peers reach this node).")
  String listen;

  @Option(names = "--api-listen", paramLabel = "HOST:PORT", description = "Overrides api-listen.")
  String apiListen;

  @Option(names = "--chain-url", paramLabel = "URL", description = "Overrides chain-url.")
  String chainUrl;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides any configuration key, such as policy.payments=ask.")
  Map<String, String> set = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> cli = new LinkedHashMap<>(set);
    put(cli, ConfigKey.DATA_DIR, dataDir);
    put(cli, ConfigKey.LISTEN, listen);
    put(cli, ConfigKey.API_LISTEN, apiListen);
    put(cli, ConfigKey.CHAIN_URL, chainUrl);
    NodeConfig cfg = ConfigLoader.load(Optional.of(configFile()), System.getenv(), cli);
    setLogLevel(cfg.logLevel());
    cfg.settings().forEach(s -> LOG.info("config: {}", s));
    String token = OwnerOnlyFiles.read(cfg.apiTokenFile(), "API token file");
    Node node = Node.start(cfg, new ProductionConnector());
    ApiServer api;
    try {
      api = ApiServer.start(node, cfg.apiListen(), token);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      LOG.info("stopping (signal)");
      node.close();
      api.close();
      stopped.countDown();
    }, "perun-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("perun node running");
    out.println("  wire address  " + node.identity().wireAddressHex());
    out.println("  peers         " + cfg.listen());
    out.println("  API           " + api.url() + "  (token in " + cfg.apiTokenFile() + ")");
    out.println("  chain         " + node.chain().describe());
    out.println("  data          " + cfg.dataDir());
    out.flush();
    stopped.await();
    return PerunCli.EXIT_OK;
  }

  private Path configFile() {
    if (config != null) {
      return config;
    }
    String env = System.getenv("PERUN_CONFIG");
    Path file = env != null && !env.isBlank() ? Path.of(env) : Path.of(DataDirInit.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("no configuration at " + file + ": pass --config FILE, set PERUN_CONFIG, or run perun init");
    }
    return file;
  }

  private static void put(Map<String, String> cli, ConfigKey key, String value) {
    if (value != null) {
      cli.put(key.key(), value);
    }
  }

  /** Sets the root log level unless logback was told otherwise with -Dperun.log.level. */
  private static void setLogLevel(String level) {
    if (System.getProperty("perun.log.level") != null) {
      return;
    }
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    }
  }
}
