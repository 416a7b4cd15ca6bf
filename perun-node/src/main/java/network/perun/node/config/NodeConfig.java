// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective configuration of one node, after command line, environment, file and defaults were merged
 * ({@link ConfigLoader}).
 *
 * @param dataDir the data directory (absolute)
 * @param backend the chain backend ("sim" or "eth")
 * @param chainUrl backend sim: the chain service to use; empty for a private embedded chain
 * @param eth backend eth: the Ethereum settings; empty for backend sim
 * @param transport how peers are reached ("tcp")
 * @param listen where the node listens for peers
 * @param apiListen where the local API listens
 * @param identityFile the identity seed file (absolute)
 * @param apiTokenFile the API token file (absolute)
 * @param challengeDuration the dispute window of channels we open, chain seconds
 * @param fundingTimeout how long funding may take, chain seconds
 * @param requestTimeout how long API calls wait for the peer
 * @param simFaucet the on-chain balance to top up to at start on a simulated chain (0 = never; always 0 on eth)
 * @param simClockTick the private chain's clock tick (zero = frozen)
 * @param logLevel the root log level
 * @param shutdownGrace how long updates in flight may finish at shutdown
 * @param policy the answers to incoming proposals and payments
 * @param settings every key with its value and where it came from, for the start-up log
 */
public record NodeConfig(
    Path dataDir,
    String backend,
    Optional<String> chainUrl,
    Optional<EthConfig> eth,
    String transport,
    HostPort listen,
    HostPort apiListen,
    Path identityFile,
    Path apiTokenFile,
    long challengeDuration,
    long fundingTimeout,
    Duration requestTimeout,
    BigInteger simFaucet,
    Duration simClockTick,
    String logLevel,
    Duration shutdownGrace,
    PolicyConfig policy,
    List<Setting> settings) {

  public NodeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(chainUrl, "chainUrl");
    Objects.requireNonNull(eth, "eth");
    if (backend.equals("eth") != eth.isPresent()) {
      throw new ConfigException("backend \"" + backend + "\" " + (eth.isPresent() ? "takes no [eth] settings" : "needs the [eth] settings"));
    }
    Objects.requireNonNull(policy, "policy");
    settings = List.copyOf(settings);
  }

  /** The contacts file in the data directory. */
  public Path contactsFile() {
    return dataDir.resolve("contacts.json");
  }

  /** The event log in the data directory. */
  public Path eventsFile() {
    return dataDir.resolve("events.jsonl");
  }

  /** The LevelDB channel store in the data directory. */
  public Path channelsDir() {
    return dataDir.resolve("channels");
  }

  /** The lock file that keeps a second node off the data directory. */
  public Path lockFile() {
    return dataDir.resolve("node.lock");
  }

  /** One configuration value and its source. */
  public record Setting(ConfigKey key, String value, Source source) {
    /** The setting as the start-up log shows it; the RPC URL without path and query, where API keys live. */
    @Override
    public String toString() {
      String shown = value;
      if (key == ConfigKey.ETH_RPC_URL && !value.isBlank()) {
        try {
          shown = EthConfig.redact(new URI(value.strip()));
        } catch (URISyntaxException e) {
          shown = "(not a URL)";
        }
      }
      return key.key() + " = " + (shown.isEmpty() ? "\"\"" : shown) + " (" + source.label + ")";
    }
  }

  /** Where a value came from, in order of precedence. */
  public enum Source {
    COMMAND_LINE("command line"),
    ENVIRONMENT("environment"),
    FILE("file"),
    DEFAULT("default");

    final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
