// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Secrets readable by anyone but their owner are refused, naming the fix. */
class OwnerOnlyFilesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw---x---"})
  void widerPermissionsAreRefused(String perms) throws IOException {
    Path f = dir.resolve("api.token");
    Files.writeString(f, "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    ConfigException e = assertThrows(ConfigException.class, () -> OwnerOnlyFiles.read(f, "API token file"));
    assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
    assertTrue(e.getMessage().contains(perms), e.getMessage());
  }

  @Test
  void ownerOnlyFilesAreReadAndMissingOnesNamed() throws IOException {
    Path f = dir.resolve("identity.seed");
    OwnerOnlyFiles.create(f, "abcd\n");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("abcd", OwnerOnlyFiles.read(f, "identity file"));
    assertThrows(ConfigException.class, () -> OwnerOnlyFiles.create(f, "other"), "never overwritten");
    assertEquals("abcd", OwnerOnlyFiles.read(f, "identity file"));
    ConfigException missing = assertThrows(ConfigException.class, () -> OwnerOnlyFiles.read(dir.resolve("none"), "identity file"));
    assertTrue(missing.getMessage().contains("perun init"), missing.getMessage());
  }
}
