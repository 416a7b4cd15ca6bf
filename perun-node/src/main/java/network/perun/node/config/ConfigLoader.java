// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import network.perun.api.Address;
import network.perun.api.InvalidValueException;
import network.perun.backend.eth.EthAddress;
import network.perun.node.config.NodeConfig.Setting;
import network.perun.node.config.NodeConfig.Source;

/**
 * Reads the node's configuration: command line over environment ({@code PERUN_*}) over the TOML file over the
 * defaults of {@link ConfigKey}. Unknown keys in the file or on the command line are errors, so a typo never goes
 * unnoticed.
 */
public final class ConfigLoader {
  private static final TomlMapper TOML = new TomlMapper();

  private ConfigLoader() {}

  /**
   * The configuration from {@code file} (if any), the environment {@code env} and the command line overrides
   * {@code cli} (key to value).
   *
   * @throws ConfigException for an unreadable file, an unknown key or a bad value, naming the key and its source
   */
  public static NodeConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> cli) {
    Map<String, String> fromFile = file.map(ConfigLoader::readFile).orElse(Map.of());
    for (String key : cli.keySet()) {
      if (ConfigKey.of(key).isEmpty()) {
        throw new ConfigException("unknown configuration key \"" + key + "\" on the command line; known keys: " + knownKeys());
      }
    }
    Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      Setting s;
      if (cli.containsKey(key.key())) {
        s = new Setting(key, cli.get(key.key()), Source.COMMAND_LINE);
      } else if (env.containsKey(key.envVar())) {
        s = new Setting(key, env.get(key.envVar()), Source.ENVIRONMENT);
      } else if (fromFile.containsKey(key.key())) {
        s = new Setting(key, fromFile.get(key.key()), Source.FILE);
      } else {
        s = new Setting(key, key.defaultValue(), Source.DEFAULT);
      }
      settings.put(key, s);
    }
    Path base = file.map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    return build(settings, base);
  }

  private static NodeConfig build(Map<ConfigKey, Setting> s, Path base) {
    String dataDirText = s.get(ConfigKey.DATA_DIR).value();
    Path dataDir = (dataDirText.isEmpty() ? base : base.resolve(dataDirText)).toAbsolutePath().normalize();
    String backend = text(s, ConfigKey.BACKEND);
    if (!backend.equals("sim") && !backend.equals("eth")) {
      throw new ConfigException("backend must be \"sim\" or \"eth\", got \"" + backend + "\" (" + s.get(ConfigKey.BACKEND).source().label() + ")");
    }
    boolean eth = backend.equals("eth");
    for (ConfigKey key : ConfigKey.values()) {
      boolean ethKey = key.section().equals("eth");
      boolean simKey = key == ConfigKey.CHAIN_URL || key == ConfigKey.SIM_FAUCET || key == ConfigKey.SIM_CLOCK_TICK_MS;
      Setting setting = s.get(key);
      if (setting.source() != Source.DEFAULT && (eth ? simKey : ethKey)) {
        throw new ConfigException(key.key() + " applies to backend \"" + (eth ? "sim" : "eth") + "\" only, but backend is \"" + backend + "\" ("
            + key.key() + " from the " + setting.source().label() + ")");
      }
    }
    String chainUrl = s.get(ConfigKey.CHAIN_URL).value();
    if (!chainUrl.isEmpty() && !chainUrl.startsWith("http://")) {
      throw new ConfigException("chain-url must be an http:// URL of a chain service (perun chain), got \"" + chainUrl + "\"");
    }
    String transport = s.get(ConfigKey.TRANSPORT).value();
    if (!transport.equals("tcp")) {
      throw new ConfigException("transport must be \"tcp\", got \"" + transport + "\"");
    }
    PolicyConfig policy = new PolicyConfig(
        PolicyConfig.Rule.parse(text(s, ConfigKey.POLICY_PROPOSALS_FROM_CONTACTS), ConfigKey.POLICY_PROPOSALS_FROM_CONTACTS.key()),
        PolicyConfig.Rule.parse(text(s, ConfigKey.POLICY_PROPOSALS_FROM_OTHERS), ConfigKey.POLICY_PROPOSALS_FROM_OTHERS.key()),
        amount(s, ConfigKey.POLICY_MAX_AUTO_DEPOSIT),
        PolicyConfig.Rule.parse(text(s, ConfigKey.POLICY_PAYMENTS), ConfigKey.POLICY_PAYMENTS.key()),
        amount(s, ConfigKey.POLICY_MAX_AUTO_PAYMENT),
        Duration.ofSeconds(positive(s, ConfigKey.POLICY_DECISION_TIMEOUT)));
    String logLevel = text(s, ConfigKey.LOG_LEVEL);
    if (!List.of("trace", "debug", "info", "warn", "error").contains(logLevel)) {
      throw new ConfigException("log-level must be trace, debug, info, warn or error, got \"" + logLevel + "\"");
    }
    long tick = number(s, ConfigKey.SIM_CLOCK_TICK_MS);
    if (tick < 0) {
      throw new ConfigException("sim-clock-tick-ms must not be negative, got " + tick);
    }
    return new NodeConfig(
        dataDir,
        backend,
        chainUrl.isEmpty() ? Optional.empty() : Optional.of(chainUrl),
        eth ? Optional.of(eth(s, dataDir)) : Optional.empty(),
        transport,
        HostPort.parse(text(s, ConfigKey.LISTEN), ConfigKey.LISTEN.key()),
        HostPort.parse(text(s, ConfigKey.API_LISTEN), ConfigKey.API_LISTEN.key()),
        dataDir.resolve(text(s, ConfigKey.IDENTITY_FILE)),
        dataDir.resolve(text(s, ConfigKey.API_TOKEN_FILE)),
        positive(s, ConfigKey.CHALLENGE_DURATION),
        positive(s, ConfigKey.FUNDING_TIMEOUT),
        Duration.ofSeconds(positive(s, ConfigKey.REQUEST_TIMEOUT)),
        eth ? BigInteger.ZERO : amount(s, ConfigKey.SIM_FAUCET),
        Duration.ofMillis(tick),
        logLevel,
        Duration.ofSeconds(positive(s, ConfigKey.SHUTDOWN_GRACE)),
        policy,
        new ArrayList<>(s.values()));
  }

  /** The {@code [eth]} section: every required key present, addresses and numbers well formed. */
  private static EthConfig eth(Map<ConfigKey, Setting> s, Path dataDir) {
    String url = required(s, ConfigKey.ETH_RPC_URL);
    URI rpcUrl;
    try {
      rpcUrl = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(ConfigKey.ETH_RPC_URL.key() + " is not a URL (" + s.get(ConfigKey.ETH_RPC_URL).source().label() + "): " + e.getReason());
    }
    String scheme = rpcUrl.getScheme() == null ? "" : rpcUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!List.of("http", "https", "ws", "wss").contains(scheme) || rpcUrl.getHost() == null) {
      throw new ConfigException(ConfigKey.ETH_RPC_URL.key() + " must be an http(s):// or ws(s):// URL with a host, got " + EthConfig.redact(rpcUrl)
          + " (" + s.get(ConfigKey.ETH_RPC_URL).source().label() + ")");
    }
    BigInteger chainId;
    try {
      chainId = new BigInteger(required(s, ConfigKey.ETH_CHAIN_ID));
    } catch (NumberFormatException e) {
      chainId = BigInteger.ZERO;
    }
    if (chainId.signum() <= 0) {
      throw new ConfigException(ConfigKey.ETH_CHAIN_ID.key() + " must be a positive whole number, got \"" + text(s, ConfigKey.ETH_CHAIN_ID) + "\" ("
          + s.get(ConfigKey.ETH_CHAIN_ID).source().label() + ")");
    }
    Address adjudicator = ethAddress(s, ConfigKey.ETH_ADJUDICATOR);
    boolean ether = !text(s, ConfigKey.ETH_ASSET_HOLDER).isEmpty();
    boolean erc20 = !text(s, ConfigKey.ETH_ASSET_HOLDER_ERC20).isEmpty();
    if (ether == erc20) {
      throw new ConfigException("backend eth needs exactly one of " + ConfigKey.ETH_ASSET_HOLDER.key() + " (channels in ether) and "
          + ConfigKey.ETH_ASSET_HOLDER_ERC20.key() + " (channels in an ERC20 token), got " + (ether ? "both" : "neither"));
    }
    EthConfig.AssetHolder holder;
    if (ether) {
      if (!text(s, ConfigKey.ETH_TOKEN).isEmpty()) {
        throw new ConfigException(ConfigKey.ETH_TOKEN.key() + " goes with " + ConfigKey.ETH_ASSET_HOLDER_ERC20.key() + "; an AssetHolderETH holds ether");
      }
      holder = new EthConfig.Ether(ethAddress(s, ConfigKey.ETH_ASSET_HOLDER));
    } else {
      holder = new EthConfig.Erc20(ethAddress(s, ConfigKey.ETH_ASSET_HOLDER_ERC20), ethAddress(s, ConfigKey.ETH_TOKEN));
    }
    long confirmations = positive(s, ConfigKey.ETH_CONFIRMATIONS);
    if (confirmations > 1000) {
      throw new ConfigException(ConfigKey.ETH_CONFIRMATIONS.key() + " must be at most 1000, got " + confirmations);
    }
    long fromBlock = number(s, ConfigKey.ETH_FROM_BLOCK);
    if (fromBlock < 0) {
      throw new ConfigException(ConfigKey.ETH_FROM_BLOCK.key() + " must not be negative, got " + fromBlock);
    }
    return new EthConfig(rpcUrl, chainId, adjudicator, holder, dataDir.resolve(text(s, ConfigKey.ETH_KEYSTORE)),
        dataDir.resolve(text(s, ConfigKey.ETH_KEYSTORE_PASSWORD_FILE)), (int) confirmations, fromBlock,
        Duration.ofMillis(positive(s, ConfigKey.ETH_POLL_INTERVAL_MS)));
  }

  private static String required(Map<ConfigKey, Setting> s, ConfigKey key) {
    String value = text(s, key);
    if (value.isEmpty()) {
      throw new ConfigException(key.key() + " is required for backend eth (" + key.description() + ")");
    }
    return value;
  }

  private static Address ethAddress(Map<ConfigKey, Setting> s, ConfigKey key) {
    String value = required(s, key);
    if (!value.matches("(0x)?[0-9a-fA-F]{40}")) {
      throw new ConfigException(key.key() + " must be an Ethereum address (0x and 40 hex digits), got \"" + value + "\" (" + s.get(key).source().label() + ")");
    }
    Address address;
    try {
      address = EthAddress.of(value);
    } catch (InvalidValueException e) {
      throw new ConfigException(key.key() + " is not a valid Ethereum address: " + e.getMessage());
    }
    String digits = value.startsWith("0x") ? value.substring(2) : value;
    boolean mixedCase = !digits.equals(digits.toLowerCase(Locale.ROOT)) && !digits.equals(digits.toUpperCase(Locale.ROOT));
    if (mixedCase && !EthAddress.checksummed(address).equals("0x" + digits)) {
      throw new ConfigException(key.key() + " " + value + " fails its EIP-55 checksum (a typo?); the address with its checksum would be "
          + EthAddress.checksummed(address));
    }
    return address;
  }

  /** Reads a TOML file into keys with their section ({@code policy.payments}) and values as text. */
  static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist (create one with: perun init)");
    }
    JsonNode root;
    try {
      root = TOML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("configuration file " + file + " is not valid TOML: " + e.getMessage(), e);
    }
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", root, flat, file);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key + ".", v, out, file);
        continue;
      }
      if (ConfigKey.of(key).isEmpty()) {
        throw new ConfigException("unknown key \"" + key + "\" in " + file + "; known keys: " + knownKeys());
      }
      if (!v.isValueNode()) {
        throw new ConfigException("key \"" + key + "\" in " + file + " must be a string, number or boolean, got " + v);
      }
      out.put(key, v.isBigInteger() || v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.asText());
    }
  }

  private static String knownKeys() {
    return Stream.of(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.joining(", "));
  }

  private static String text(Map<ConfigKey, Setting> s, ConfigKey key) {
    return s.get(key).value().strip();
  }

  private static long number(Map<ConfigKey, Setting> s, ConfigKey key) {
    Setting setting = s.get(key);
    try {
      return Long.parseLong(setting.value().strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(key.key() + " must be a whole number, got \"" + setting.value() + "\" (" + setting.source().label() + ")");
    }
  }

  private static long positive(Map<ConfigKey, Setting> s, ConfigKey key) {
    long n = number(s, key);
    if (n <= 0) {
      throw new ConfigException(key.key() + " must be positive, got " + n + " (" + s.get(key).source().label() + ")");
    }
    return n;
  }

  private static BigInteger amount(Map<ConfigKey, Setting> s, ConfigKey key) {
    Setting setting = s.get(key);
    try {
      BigInteger v = new BigInteger(setting.value().strip());
      if (v.signum() < 0) {
        throw new ConfigException(key.key() + " must not be negative, got " + v + " (" + setting.source().label() + ")");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(key.key() + " must be a whole amount, got \"" + setting.value() + "\" (" + setting.source().label() + ")");
    }
  }
}
