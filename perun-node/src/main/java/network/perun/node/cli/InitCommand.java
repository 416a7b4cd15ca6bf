// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import network.perun.node.PerunCli;
import network.perun.node.config.ConfigKey;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.DataDirInit;
import network.perun.node.config.NodeConfig;
import network.perun.node.daemon.NodeIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perun init}: a data directory with a commented configuration, a new identity and an API token. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a node's data directory: " + DataDirInit.CONFIG_FILE + " (commented), a new identity (identity.seed) and an API token",
      "(api.token), both readable by you only. Refuses to overwrite anything."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "The data directory (default: the current one).")
  Path dir;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where the node listens for peers (default 127.0.0.1:7150).")
  String listen;

  @Option(names = "--api-listen", paramLabel = "HOST:PORT", description = "Where the local API listens (default 127.0.0.1:7151).")
  String apiListen;

  @Option(names = "--chain-url", paramLabel = "URL", description = "A shared simulated chain (perun chain); default: a chain private to the node.")
  String chainUrl;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other configuration key, such as policy.payments=ask.")
  Map<String, String> set = new LinkedHashMap<>();

  @Override
  public Integer call() {
    Map<String, String> values = new LinkedHashMap<>(set);
    if (listen != null) {
      values.put(ConfigKey.LISTEN.key(), listen);
    }
    if (apiListen != null) {
      values.put(ConfigKey.API_LISTEN.key(), apiListen);
    }
    if (chainUrl != null) {
      values.put(ConfigKey.CHAIN_URL.key(), chainUrl);
    }
    // Validate the values as the node will read them, before anything is written.
    Map<String, String> check = new LinkedHashMap<>(values);
    ConfigLoader.load(Optional.empty(), Map.of(), check);
    DataDirInit.Result result = DataDirInit.init(dir, values, new SecureRandom());
    NodeConfig config = ConfigLoader.load(Optional.of(result.configFile()), Map.of(), Map.of());
    NodeIdentity identity = NodeIdentity.load(result.identityFile());
    var out = spec.commandLine().getOut();
    out.println("Initialised " + config.dataDir());
    out.println("  config        " + result.configFile());
    out.println("  identity      " + result.identityFile() + " (owner-only)");
    out.println("  API token     " + result.tokenFile() + " (owner-only)");
    out.println("  wire address  " + identity.wireAddressHex());
    out.println("  peers reach this node at " + config.listen() + "; the API listens on " + config.apiListen());
    out.println();
    out.println("Start it:  perun node --config " + result.configFile());
    out.println("Tell peers: perun contacts add NAME " + identity.wireAddressHex() + " " + config.listen());
    out.flush();
    return PerunCli.EXIT_OK;
  }
}
