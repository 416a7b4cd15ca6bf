// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.perun.node.config.ConfigKey;
import org.junit.jupiter.api.Test;

/** perun-node/README.md documents every API error code with its HTTP status, and every configuration key. */
class DocumentedCodesTest {
  private static String readme() throws IOException {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return Files.readString(dir.resolve("README.md"));
  }

  @Test
  void everyErrorCodeIsInTheReadmeWithItsStatus() throws IOException {
    String readme = readme();
    for (ErrorCode code : ErrorCode.values()) {
      String row = "| `" + code.code() + "` | " + code.httpStatus() + " |";
      assertTrue(readme.contains(row), "README.md lacks the row " + row);
    }
  }

  @Test
  void everyConfigurationKeyIsInTheReadme() throws IOException {
    String readme = readme();
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(readme.contains("| `" + key.key() + "` |"), "README.md lacks the key " + key.key());
    }
  }
}
