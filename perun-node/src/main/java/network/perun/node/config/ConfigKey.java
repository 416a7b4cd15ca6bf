// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every key of the node's TOML configuration, with its default and what it means.
 *
 * <p>A key {@code a-b} of section {@code [s]} is {@code s.a-b}; its environment variable is {@code PERUN_S_A_B}
 * and its command line form {@code --set s.a-b=VALUE} (the common ones also have their own option, such as
 * {@code --api-listen}). Precedence: command line, then environment, then file, then default.
 */
public enum ConfigKey {
  DATA_DIR("data-dir", "", "The data directory: identity, API token, contacts, events, lock. Default: the directory of this file."),
  BACKEND("backend", "sim", "The chain backend: \"sim\" (a simulated chain) or \"eth\" (an Ethereum chain through JSON-RPC, set up in [eth])."),
  CHAIN_URL("chain-url", "", "Backend sim: the simulated chain service to share with other nodes (run: perun chain). Empty: a private chain inside this node."),
  TRANSPORT("transport", "tcp", "How this node reaches its peers: \"tcp\" (TLS, authenticated peers)."),
  LISTEN("listen", "127.0.0.1:7150", "Where this node listens for peers (HOST:PORT)."),
  API_LISTEN("api-listen", "127.0.0.1:7151", "Where the local HTTP API listens (HOST:PORT). Keep it on loopback unless you must expose it."),
  IDENTITY_FILE("identity-file", "identity.seed",
      "The identity seed: it derives the key that authenticates this node to its peers and, on backend sim, the on-chain account. Readable by the owner only. Relative to data-dir."),
  API_TOKEN_FILE("api-token-file", "api.token", "The API bearer token, readable by the owner only. Relative to data-dir."),
  CHALLENGE_DURATION("challenge-duration", "60", "The dispute window of channels this node opens, in seconds of chain time."),
  FUNDING_TIMEOUT("funding-timeout", "3600", "How long funding may take before the deposits are given up on, in seconds of chain time."),
  REQUEST_TIMEOUT("request-timeout", "60", "How long an API call waits for the peer (open, pay, close), in seconds."),
  SIM_FAUCET("sim-faucet", "1000", "Backend sim: on start, top this node's on-chain balance up to this amount (0 = never)."),
  SIM_CLOCK_TICK_MS("sim-clock-tick-ms", "1000", "Backend sim: the private chain's clock advances one second every this many milliseconds (0 = frozen)."),
  LOG_LEVEL("log-level", "info", "trace, debug, info, warn or error."),
  SHUTDOWN_GRACE("shutdown-grace", "10", "On SIGTERM, how long updates in flight may finish before they are rolled back, in seconds."),
  POLICY_PROPOSALS_FROM_CONTACTS("policy.proposals-from-contacts", "accept",
      "Channel proposals from contacts: \"accept\" (up to max-auto-deposit, else ask), \"ask\" or \"reject\"."),
  POLICY_PROPOSALS_FROM_OTHERS("policy.proposals-from-others", "ask", "Channel proposals from peers who are not contacts: \"ask\" or \"reject\"."),
  POLICY_MAX_AUTO_DEPOSIT("policy.max-auto-deposit", "100", "The largest deposit of ours an automatically accepted proposal may ask for."),
  POLICY_PAYMENTS("policy.payments", "accept", "Incoming payments: \"accept\" (up to max-auto-payment, else ask), \"ask\" or \"reject\"."),
  POLICY_MAX_AUTO_PAYMENT("policy.max-auto-payment", "1000", "The largest incoming payment accepted without asking."),
  POLICY_DECISION_TIMEOUT("policy.decision-timeout", "30",
      "How long a proposal or payment held for a decision waits for an answer through the API before it is rejected, in seconds."),
  ETH_RPC_URL("eth.rpc-url", "", "Backend eth: the JSON-RPC endpoint of an Ethereum node, http(s):// or ws(s)://. Required."),
  ETH_CHAIN_ID("eth.chain-id", "", "Backend eth: the chain ID rpc-url must report (1 mainnet, 11155111 Sepolia, 31337 Anvil); another one stops the start. Required."),
  ETH_ADJUDICATOR("eth.adjudicator", "", "Backend eth: the address of the Perun Adjudicator (its code is checked at start). Required."),
  ETH_ASSET_HOLDER("eth.asset-holder", "", "Backend eth: the Adjudicator's AssetHolderETH, for channels in ether. Set this or asset-holder-erc20."),
  ETH_ASSET_HOLDER_ERC20("eth.asset-holder-erc20", "", "Backend eth: the Adjudicator's AssetHolderERC20, for channels in its token (then set token too)."),
  ETH_TOKEN("eth.token", "", "Backend eth: the ERC20 token of asset-holder-erc20; the start fails if the asset holder holds another one."),
  ETH_KEYSTORE("eth.keystore", "keystore.json",
      "Backend eth: the keystore V3 file of the on-chain account that signs channel states and pays for transactions. Readable by the owner only. Relative to data-dir."),
  ETH_KEYSTORE_PASSWORD_FILE("eth.keystore-password-file", "keystore.password",
      "Backend eth: the file holding the keystore's password. Readable by the owner only. Relative to data-dir."),
  ETH_CONFIRMATIONS("eth.confirmations", "1", "Backend eth: how many blocks deep a transaction or a chain event must be before it counts (1 = mined)."),
  ETH_FROM_BLOCK("eth.from-block", "0", "Backend eth: the block the Adjudicator was deployed in; event searches start there."),
  ETH_POLL_INTERVAL_MS("eth.poll-interval-ms", "1000", "Backend eth: how often to poll the Ethereum node for blocks, receipts and events, in milliseconds.");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The key as written in the file, with its section: {@code api-listen}, {@code policy.payments}. */
  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The section, empty for top-level keys. */
  public String section() {
    int dot = key.indexOf('.');
    return dot < 0 ? "" : key.substring(0, dot);
  }

  /** The name inside its section. */
  public String shortName() {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(dot + 1);
  }

  /** The environment variable that sets it: {@code PERUN_API_LISTEN}, {@code PERUN_POLICY_PAYMENTS}. */
  public String envVar() {
    return "PERUN_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** The key named {@code key}. */
  public static Optional<ConfigKey> of(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }
}
