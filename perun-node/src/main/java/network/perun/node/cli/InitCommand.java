// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import network.perun.backend.eth.EthAddress;
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

/**
 * {@code perun init}: a data directory with a commented configuration, a new identity and an API token; on
 * Ethereum also a new account in a keystore V3 file with a random password.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a node's data directory: " + DataDirInit.CONFIG_FILE + " (commented), a new identity (identity.seed) and an API token",
      "(api.token), both readable by you only. With --backend eth also a new Ethereum account: keystore.json (keystore V3)",
      "and its random password in keystore.password, both readable by you only; amounts are then in wei, and the",
      "policy limits default to 0.1 ether (deposits) and 0.01 ether (payments). Refuses to overwrite anything."
    })
public final class InitCommand implements Callable<Integer> {
  /** The largest deposit a node on Ethereum accepts without asking unless told otherwise: 0.1 ether in wei. */
  static final BigInteger ETH_MAX_AUTO_DEPOSIT = BigInteger.TEN.pow(17);

  /** The largest payment a node on Ethereum accepts without asking unless told otherwise: 0.01 ether in wei. */
  static final BigInteger ETH_MAX_AUTO_PAYMENT = BigInteger.TEN.pow(16);

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "The data directory (default: the current one).")
  Path dir;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where the node listens for peers (default 127.0.0.1:7150).")
  String listen;

  @Option(names = "--api-listen", paramLabel = "HOST:PORT", description = "Where the local API listens (default 127.0.0.1:7151).")
  String apiListen;

  @Option(names = "--backend", paramLabel = "sim|eth", description = "The chain backend (default sim: a simulated chain).")
  String backend;

  @Option(names = "--chain-url", paramLabel = "URL", description = "Backend sim: a shared simulated chain (perun chain); default: a chain private to the node.")
  String chainUrl;

  @Option(names = "--rpc-url", paramLabel = "URL", description = "Backend eth: the Ethereum node's JSON-RPC endpoint (http(s):// or ws(s)://).")
  String rpcUrl;

  @Option(names = "--chain-id", paramLabel = "ID", description = "Backend eth: the chain ID the Ethereum node must report (31337 for Anvil).")
  String chainId;

  @Option(names = "--adjudicator", paramLabel = "ADDRESS", description = "Backend eth: the Perun Adjudicator.")
  String adjudicator;

  @Option(names = "--asset-holder", paramLabel = "ADDRESS", description = "Backend eth: the AssetHolderETH (for ERC20: --set eth.asset-holder-erc20=... --set eth.token=...).")
  String assetHolder;

  @Option(names = "--lightkdf", description = "Backend eth: encrypt the keystore with a light scrypt cost (fast, weaker; for tests and development chains).")
  boolean lightKdf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other configuration key, such as policy.payments=ask.")
  Map<String, String> set = new LinkedHashMap<>();

  @Override
  public Integer call() {
    Map<String, String> values = new LinkedHashMap<>(set);
    put(values, ConfigKey.LISTEN, listen);
    put(values, ConfigKey.API_LISTEN, apiListen);
    put(values, ConfigKey.BACKEND, backend);
    put(values, ConfigKey.CHAIN_URL, chainUrl);
    put(values, ConfigKey.ETH_RPC_URL, rpcUrl);
    put(values, ConfigKey.ETH_CHAIN_ID, chainId);
    put(values, ConfigKey.ETH_ADJUDICATOR, adjudicator);
    put(values, ConfigKey.ETH_ASSET_HOLDER, assetHolder);
    if ("eth".equals(values.get(ConfigKey.BACKEND.key()))) {
      // Amounts on Ethereum are in wei (or a token's smallest unit): the policy limits get ether-sized values.
      values.putIfAbsent(ConfigKey.POLICY_MAX_AUTO_DEPOSIT.key(), ETH_MAX_AUTO_DEPOSIT.toString());
      values.putIfAbsent(ConfigKey.POLICY_MAX_AUTO_PAYMENT.key(), ETH_MAX_AUTO_PAYMENT.toString());
    }
    // Validate the values as the node will read them, before anything is written.
    Map<String, String> check = new LinkedHashMap<>(values);
    ConfigLoader.load(Optional.empty(), Map.of(), check);
    DataDirInit.Result result = DataDirInit.init(dir, values, new SecureRandom(), lightKdf ? DataDirInit.LIGHT_SCRYPT_N : DataDirInit.STANDARD_SCRYPT_N);
    NodeConfig config = ConfigLoader.load(Optional.of(result.configFile()), Map.of(), Map.of());
    NodeIdentity identity = NodeIdentity.load(result.identityFile());
    var out = spec.commandLine().getOut();
    out.println("Initialised " + config.dataDir());
    out.println("  config        " + result.configFile());
    out.println("  identity      " + result.identityFile() + " (owner-only)");
    out.println("  API token     " + result.tokenFile() + " (owner-only)");
    result.keystore().ifPresent(k -> out.println("  keystore      " + k + " (owner-only)"));
    result.passwordFile().ifPresent(p -> out.println("  password      " + p + " (owner-only)"));
    out.println("  wire address  " + identity.wireAddressHex());
    result.account().ifPresent(a -> out.println("  account       " + EthAddress.checksummed(a) + " on chain " + config.eth().orElseThrow().chainId()));
    out.println("  peers reach this node at " + config.listen() + "; the API listens on " + config.apiListen());
    out.println();
    if (config.eth().isPresent()) {
      out.println("Fund the account: it deposits into channels and pays the gas of its transactions.");
    }
    out.println("Start it:  perun node --config " + result.configFile());
    out.println("Tell peers: perun contacts add NAME " + identity.wireAddressHex() + " " + config.listen());
    out.flush();
    return PerunCli.EXIT_OK;
  }

  private static void put(Map<String, String> values, ConfigKey key, String value) {
    if (value != null) {
      values.put(key.key(), value);
    }
  }
}
