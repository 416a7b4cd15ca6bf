// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import network.perun.backend.eth.EthAddress;
import network.perun.node.config.NodeConfig.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's precedence (command line, environment, file, default), its checks and its paths. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String toml) throws IOException {
    Path f = dir.resolve("perun.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path f = file("""
        api-listen = "127.0.0.1:8001"
        listen = "127.0.0.1:8002"
        request-timeout = 11
        [policy]
        payments = "ask"
        max-auto-payment = "77"
        """);
    Map<String, String> env = Map.of("PERUN_API_LISTEN", "127.0.0.1:9001", "PERUN_REQUEST_TIMEOUT", "22", "PERUN_POLICY_PAYMENTS", "reject");
    Map<String, String> cli = Map.of("api-listen", "127.0.0.1:10001");

    NodeConfig c = ConfigLoader.load(Optional.of(f), env, cli);

    assertEquals(new HostPort("127.0.0.1", 10001), c.apiListen(), "command line wins");
    assertEquals(Duration.ofSeconds(22), c.requestTimeout(), "environment beats the file");
    assertEquals(PolicyConfig.Rule.REJECT, c.policy().payments(), "environment beats the file in a section too");
    assertEquals(new HostPort("127.0.0.1", 8002), c.listen(), "file beats the default");
    assertEquals(BigInteger.valueOf(77), c.policy().maxAutoPayment(), "an amount may be a string");
    assertEquals(60, c.challengeDuration(), "the default");
    assertEquals(Source.COMMAND_LINE, source(c, ConfigKey.API_LISTEN));
    assertEquals(Source.ENVIRONMENT, source(c, ConfigKey.REQUEST_TIMEOUT));
    assertEquals(Source.FILE, source(c, ConfigKey.LISTEN));
    assertEquals(Source.DEFAULT, source(c, ConfigKey.CHALLENGE_DURATION));
  }

  @Test
  void pathsResolveAgainstTheDataDirectoryWhichDefaultsToTheFilesDirectory() throws IOException {
    NodeConfig c = ConfigLoader.load(Optional.of(file("identity-file = \"keys/me.seed\"\n")), Map.of(), Map.of());
    assertEquals(dir.toAbsolutePath().normalize(), c.dataDir());
    assertEquals(dir.resolve("keys/me.seed").toAbsolutePath().normalize(), c.identityFile().normalize());
    assertEquals(dir.resolve("api.token").toAbsolutePath().normalize(), c.apiTokenFile().normalize());

    NodeConfig moved = ConfigLoader.load(Optional.of(dir.resolve("perun.toml")), Map.of(), Map.of("data-dir", "elsewhere"));
    assertEquals(dir.resolve("elsewhere").toAbsolutePath().normalize(), moved.dataDir());
    assertEquals(moved.dataDir().resolve("contacts.json"), moved.contactsFile());
  }

  @Test
  void anUnknownKeyInTheFileOrOnTheCommandLineIsAnError() throws IOException {
    Path f = file("api-listn = \"127.0.0.1:1\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("unknown key \"api-listn\""), e.getMessage());
    Path ok = file("");
    ConfigException cli = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(ok), Map.of(), Map.of("policy.nope", "1")));
    assertTrue(cli.getMessage().contains("policy.nope"), cli.getMessage());
  }

  @Test
  void aBadValueNamesTheKeyAndWhereItCameFrom() throws IOException {
    Path f = file("challenge-duration = -5\n");
    ConfigException file = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()));
    assertEquals("challenge-duration must be positive, got -5 (file)", file.getMessage());
    ConfigException env = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(f), Map.of("PERUN_CHALLENGE_DURATION", "soon"), Map.of()));
    assertEquals("challenge-duration must be a whole number, got \"soon\" (environment)", env.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file("")), Map.of(), Map.of("listen", "nohostport")));
    ConfigException stranger = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(file("")), Map.of(), Map.of("policy.proposals-from-others", "accept")));
    assertTrue(stranger.getMessage().contains("never accepted unseen"), stranger.getMessage());
  }

  @Test
  void invalidTomlAndAMissingFileAreClearErrors() throws IOException {
    Path bad = file("listen = \n");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(bad), Map.of(), Map.of())).getMessage().contains("not valid TOML"));
    Path missing = dir.resolve("none.toml");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of())).getMessage().contains("perun init"));
  }

  @Test
  void unsupportedBackendsAndTransportsAreRefusedAtStartWithTheReason() throws IOException {
    Path f = file("");
    ConfigException btc = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of("backend", "btc")));
    assertEquals("backend must be \"sim\" or \"eth\", got \"btc\" (command line)", btc.getMessage());
    ConfigException udp = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of("transport", "udp")));
    assertTrue(udp.getMessage().contains("transport must be \"tcp\""), udp.getMessage());
  }

  // ---------------------------------------------------------------------------------------------- backend eth

  private static final String ADJUDICATOR = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final String HOLDER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
  private static final String TOKEN = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";

  private static final String ETH = """
      backend = "eth"
      [eth]
      rpc-url = "https://rpc.example.org/v3/SECRET-KEY?x=1"
      chain-id = 31337
      adjudicator = "%s"
      asset-holder = "%s"
      """.formatted(ADJUDICATOR, HOLDER);

  @Test
  void anEthConfigurationReadsItsSectionWithDefaultsForTheRest() throws IOException {
    NodeConfig c = ConfigLoader.load(Optional.of(file(ETH)), Map.of(), Map.of("eth.confirmations", "3", "eth.poll-interval-ms", "250"));

    EthConfig eth = c.eth().orElseThrow();
    assertEquals("eth", c.backend());
    assertEquals(BigInteger.valueOf(31337), eth.chainId());
    assertEquals(ADJUDICATOR, EthAddress.checksummed(eth.adjudicator()));
    assertEquals(new EthConfig.Ether(EthAddress.of(HOLDER)), eth.assetHolder());
    assertEquals(dir.resolve("keystore.json").toAbsolutePath().normalize(), eth.keystore().normalize());
    assertEquals(dir.resolve("keystore.password").toAbsolutePath().normalize(), eth.passwordFile().normalize());
    assertEquals(3, eth.confirmations());
    assertEquals(0, eth.fromBlock());
    assertEquals(Duration.ofMillis(250), eth.pollInterval());
    assertEquals(BigInteger.ZERO, c.simFaucet(), "an Ethereum chain has no faucet");
    assertTrue(c.chainUrl().isEmpty());
  }

  @Test
  void theRpcUrlIsLoggedWithoutItsPathAndQueryWhereApiKeysLive() throws IOException {
    NodeConfig c = ConfigLoader.load(Optional.of(file(ETH)), Map.of(), Map.of());
    String shown = c.settings().stream().filter(s -> s.key() == ConfigKey.ETH_RPC_URL).findFirst().orElseThrow().toString();
    assertEquals("eth.rpc-url = https://rpc.example.org/... (file)", shown);
    assertEquals("https://rpc.example.org/...", c.eth().orElseThrow().rpcUrlShown());
    assertEquals("ws://127.0.0.1:8545", EthConfig.redact(java.net.URI.create("ws://127.0.0.1:8545")));
  }

  @Test
  void anErc20ChannelNeedsItsAssetHolderAndToken() throws IOException {
    String erc20 = ETH.replace("asset-holder = ", "asset-holder-erc20 = ") + "token = \"" + TOKEN + "\"\n";
    EthConfig eth = ConfigLoader.load(Optional.of(file(erc20)), Map.of(), Map.of()).eth().orElseThrow();
    assertEquals(new EthConfig.Erc20(EthAddress.of(HOLDER), EthAddress.of(TOKEN)), eth.assetHolder());

    String noToken = ETH.replace("asset-holder = ", "asset-holder-erc20 = ");
    ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file(noToken)), Map.of(), Map.of()));
    assertTrue(missing.getMessage().startsWith("eth.token is required for backend eth"), missing.getMessage());
    ConfigException both = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(file(ETH)), Map.of(), Map.of("eth.asset-holder-erc20", HOLDER)));
    assertTrue(both.getMessage().contains("exactly one of eth.asset-holder (channels in ether) and eth.asset-holder-erc20"), both.getMessage());
    ConfigException stray = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file(ETH)), Map.of(), Map.of("eth.token", TOKEN)));
    assertTrue(stray.getMessage().startsWith("eth.token goes with eth.asset-holder-erc20"), stray.getMessage());
  }

  @Test
  void everyRequiredEthKeyIsNamedWhenMissing() throws IOException {
    for (ConfigKey key : new ConfigKey[] {ConfigKey.ETH_RPC_URL, ConfigKey.ETH_CHAIN_ID, ConfigKey.ETH_ADJUDICATOR}) {
      String without = ETH.lines().filter(l -> !l.startsWith(key.shortName() + " ")).reduce("", (a, b) -> a + b + "\n");
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file(without)), Map.of(), Map.of()), key.key());
      assertTrue(e.getMessage().startsWith(key.key() + " is required for backend eth"), e.getMessage());
    }
    String neither = ETH.lines().filter(l -> !l.startsWith("asset-holder")).reduce("", (a, b) -> a + b + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file(neither)), Map.of(), Map.of()));
    assertTrue(e.getMessage().endsWith("got neither"), e.getMessage());
  }

  @Test
  void badEthValuesNameTheirKey() throws IOException {
    Path f = file(ETH);
    Map<String, String> bad = Map.of(
        "eth.rpc-url", "ftp://example.org",
        "eth.chain-id", "mainnet",
        "eth.adjudicator", "0x1234",
        "eth.asset-holder", HOLDER.replace("E7734CE", "e7734ce"),
        "eth.confirmations", "0",
        "eth.from-block", "-1",
        "eth.poll-interval-ms", "0");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of(entry.getKey(), entry.getValue())),
          entry.toString());
      assertTrue(e.getMessage().startsWith(entry.getKey() + " "), entry + ": " + e.getMessage());
    }
    ConfigException checksum = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of("eth.asset-holder", HOLDER.replace("E7734CE", "e7734ce"))));
    assertTrue(checksum.getMessage().contains("fails its EIP-55 checksum"), checksum.getMessage());
    NodeConfig lower = ConfigLoader.load(Optional.of(f), Map.of(), Map.of("eth.asset-holder", HOLDER.toLowerCase(java.util.Locale.ROOT)));
    assertEquals(EthAddress.of(HOLDER), lower.eth().orElseThrow().assetHolder().address(), "an all-lower-case address has no checksum to check");
  }

  @Test
  void keysOfTheOtherBackendAreRefusedSoAForgottenBackendLineIsNoticed() throws IOException {
    ConfigException simKey = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(file(ETH)), Map.of("PERUN_SIM_FAUCET", "5"), Map.of()));
    assertEquals("sim-faucet applies to backend \"sim\" only, but backend is \"eth\" (sim-faucet from the environment)", simKey.getMessage());
    ConfigException chainUrl = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(file(ETH)), Map.of(), Map.of("chain-url", "http://127.0.0.1:7152")));
    assertTrue(chainUrl.getMessage().startsWith("chain-url applies to backend \"sim\" only"), chainUrl.getMessage());
    String forgotten = ETH.replace("backend = \"eth\"\n", "");
    ConfigException ethKey = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file(forgotten)), Map.of(), Map.of()));
    assertTrue(ethKey.getMessage().contains("applies to backend \"eth\" only, but backend is \"sim\""), ethKey.getMessage());
  }

  private static Source source(NodeConfig c, ConfigKey key) {
    return c.settings().stream().filter(s -> s.key() == key).findFirst().orElseThrow().source();
  }
}
