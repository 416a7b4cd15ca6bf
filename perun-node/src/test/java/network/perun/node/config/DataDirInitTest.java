// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthWallet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perun init}: what it writes, with which permissions, and that it never overwrites. */
class DataDirInitTest {
  @TempDir Path dir;

  @Test
  void writesACommentedConfigThatLoadsBackAndOwnerOnlySecrets() throws IOException {
    DataDirInit.Result r = DataDirInit.init(dir, Map.of("api-listen", "127.0.0.1:7999", "policy.payments", "ask"), new SecureRandom());

    String toml = Files.readString(r.configFile());
    assertTrue(toml.contains("# Where the local HTTP API listens"), toml);
    assertTrue(toml.contains("\n# challenge-duration = 60\n"), "unset keys are commented out at their default:\n" + toml);
    NodeConfig c = ConfigLoader.load(Optional.of(r.configFile()), Map.of(), Map.of());
    assertEquals(new HostPort("127.0.0.1", 7999), c.apiListen());
    assertEquals(PolicyConfig.Rule.ASK, c.policy().payments());
    for (Path secret : new Path[] {r.identityFile(), r.tokenFile()}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
      assertEquals(64, OwnerOnlyFiles.read(secret, "secret").length(), "32 random bytes in hex");
    }
    assertFalse(OwnerOnlyFiles.read(r.identityFile(), "id").equals(OwnerOnlyFiles.read(r.tokenFile(), "token")));
  }

  @Test
  void refusesToOverwriteAndWritesNothingThen() throws IOException {
    DataDirInit.Result first = DataDirInit.init(dir, Map.of(), new SecureRandom());
    String config = Files.readString(first.configFile());
    String identity = Files.readString(first.identityFile());
    String token = Files.readString(first.tokenFile());

    ConfigException e = assertThrows(ConfigException.class, () -> DataDirInit.init(dir, Map.of("listen", "127.0.0.1:1"), new SecureRandom()));
    assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    assertEquals(config, Files.readString(first.configFile()));
    assertEquals(identity, Files.readString(first.identityFile()));
    assertEquals(token, Files.readString(first.tokenFile()));

    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("api.token"), "mine\n");
    assertThrows(ConfigException.class, () -> DataDirInit.init(other, Map.of(), new SecureRandom()));
    assertFalse(Files.exists(other.resolve(DataDirInit.CONFIG_FILE)), "nothing is written when one file exists");
    assertFalse(Files.exists(other.resolve("identity.seed")), "nothing is written when one file exists");
  }

  private static final Map<String, String> ETH = Map.of(
      "backend", "eth",
      "eth.rpc-url", "http://127.0.0.1:8545",
      "eth.chain-id", "31337",
      "eth.adjudicator", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      "eth.asset-holder", "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");

  @Test
  void onEthereumItWritesANewKeystoreAndItsRandomPasswordOwnerOnly() throws IOException {
    DataDirInit.Result r = DataDirInit.init(dir, ETH, new SecureRandom(), DataDirInit.LIGHT_SCRYPT_N);

    Path keystore = r.keystore().orElseThrow();
    Path password = r.passwordFile().orElseThrow();
    assertEquals(dir.resolve("keystore.json"), keystore);
    assertEquals(dir.resolve("keystore.password"), password);
    for (Path secret : new Path[] {keystore, password}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
    }
    assertEquals(64, OwnerOnlyFiles.read(password, "password").length(), "32 random bytes in hex");
    NodeConfig c = ConfigLoader.load(Optional.of(r.configFile()), Map.of(), Map.of());
    EthWallet wallet = new EthWallet();
    EthAccount account = wallet.addKeystore(keystore, OwnerOnlyFiles.read(password, "password").toCharArray());
    assertTrue(Files.readString(keystore).contains("\"kdf\" : \"scrypt\""), "a keystore V3 file with scrypt");
    assertEquals(c.eth().orElseThrow().keystore(), keystore.toAbsolutePath());
    assertEquals(account.address(), network.perun.node.daemon.NodeIdentity.load(c).address(), "the node signs with the keystore's account");
    assertEquals(Optional.of(account.address()), r.account());

    DataDirInit.Result other = DataDirInit.init(dir.resolve("other"), ETH, new SecureRandom(), DataDirInit.LIGHT_SCRYPT_N);
    EthAccount second = new EthWallet().addKeystore(other.keystore().orElseThrow(),
        OwnerOnlyFiles.read(other.passwordFile().orElseThrow(), "password").toCharArray());
    assertNotEquals(account.address(), second.address(), "every init makes a new account");
    assertNotEquals(Files.readString(password), Files.readString(other.passwordFile().orElseThrow()), "and a new password");
  }

  @Test
  void onEthereumAnExistingKeystoreIsNeverOverwritten() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("keystore.json"), "{\"mine\": true}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> DataDirInit.init(dir, ETH, new SecureRandom(), DataDirInit.LIGHT_SCRYPT_N));
    assertTrue(e.getMessage().contains("keystore.json exists already"), e.getMessage());
    assertEquals("{\"mine\": true}\n", Files.readString(dir.resolve("keystore.json")));
    assertFalse(Files.exists(dir.resolve(DataDirInit.CONFIG_FILE)), "nothing is written when one file exists");
    assertFalse(Files.exists(dir.resolve("keystore.password")), "nothing is written when one file exists");
  }

  @Test
  void anUnknownKeyIsRefusedBeforeAnythingIsWritten() {
    assertThrows(ConfigException.class, () -> DataDirInit.init(dir, Map.of("no-such-key", "1"), new SecureRandom()));
    assertFalse(Files.exists(dir.resolve(DataDirInit.CONFIG_FILE)));
  }
}
