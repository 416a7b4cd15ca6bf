// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import network.perun.node.api.ApiClient;
import network.perun.node.config.ConfigException;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.DataDirInit;
import network.perun.node.config.HostPort;
import network.perun.node.config.NodeConfig;
import network.perun.node.config.OwnerOnlyFiles;
import picocli.CommandLine.Option;

/**
 * How a CLI command finds its node: the node's configuration file (for {@code api-listen} and the token file), or
 * the API's URL and token file directly.
 */
public final class ApiOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "The node's configuration (default: $PERUN_CONFIG, else ./" + DataDirInit.CONFIG_FILE + ").")
  Path config;

  @Option(names = "--api", paramLabel = "URL", description = "The node's API URL, instead of reading it from the configuration.")
  String api;

  @Option(names = "--token-file", paramLabel = "FILE", description = "The API token file, instead of reading it from the configuration.")
  Path tokenFile;

  @Option(names = "--json", description = "Print JSON (one object per line) instead of text, for scripts.")
  boolean json;

  /** A client of the node, with the URL and token from the options or the configuration. */
  ApiClient client() {
    if (api != null && tokenFile != null) {
      return new ApiClient(api, OwnerOnlyFiles.read(tokenFile, "API token file"));
    }
    NodeConfig cfg = ConfigLoader.load(Optional.of(configFile()), System.getenv(), Map.of());
    String url = api != null ? api : url(cfg.apiListen());
    Path token = tokenFile != null ? tokenFile : cfg.apiTokenFile();
    return new ApiClient(url, OwnerOnlyFiles.read(token, "API token file"));
  }

  private Path configFile() {
    if (config != null) {
      return config;
    }
    String env = System.getenv("PERUN_CONFIG");
    Path file = env != null && !env.isBlank() ? Path.of(env) : Path.of(DataDirInit.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("no node configuration at " + file + ": pass --config FILE, set PERUN_CONFIG, or run perun init");
    }
    return file;
  }

  /** The URL a client uses for an API listening on {@code listen} (a wildcard address means this host). */
  static String url(HostPort listen) {
    String host = listen.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listen.port();
  }
}
