// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void anUnknownKeyIsRefusedBeforeAnythingIsWritten() {
    assertThrows(ConfigException.class, () -> DataDirInit.init(dir, Map.of("no-such-key", "1"), new SecureRandom()));
    assertFalse(Files.exists(dir.resolve(DataDirInit.CONFIG_FILE)));
  }
}
