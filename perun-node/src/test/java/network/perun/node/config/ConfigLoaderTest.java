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
    ConfigException eth = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of("backend", "eth")));
    assertTrue(eth.getMessage().contains("needs the Ethereum backend"), eth.getMessage());
    ConfigException udp = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of("transport", "udp")));
    assertTrue(udp.getMessage().contains("transport must be \"tcp\""), udp.getMessage());
  }

  private static Source source(NodeConfig c, ConfigKey key) {
    return c.settings().stream().filter(s -> s.key() == key).findFirst().orElseThrow().source();
  }
}
