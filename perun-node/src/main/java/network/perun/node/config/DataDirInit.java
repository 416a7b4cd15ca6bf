// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code perun init}: a new data directory with a commented configuration file, a new identity and an API token.
 *
 * <p>Nothing is ever overwritten: if any of the three files exists, nothing is written at all.
 */
public final class DataDirInit {
  /** The configuration file's name in the data directory. */
  public static final String CONFIG_FILE = "perun.toml";

  private DataDirInit() {}

  /** What init wrote. */
  public record Result(Path configFile, Path identityFile, Path tokenFile) {}

  /**
   * Writes {@code perun.toml}, the identity seed and the API token into {@code dir} (created if missing), with
   * {@code values} (key to value) set in the file and every other key commented out at its default.
   *
   * @throws ConfigException if any of the files exists, naming it, or a file cannot be written
   */
  public static Result init(Path dir, Map<String, String> values, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    for (String key : values.keySet()) {
      if (ConfigKey.of(key).isEmpty()) {
        throw new ConfigException("unknown configuration key \"" + key + "\"");
      }
    }
    Path config = dir.resolve(CONFIG_FILE);
    Path identity = dir.resolve(ConfigKey.IDENTITY_FILE.defaultValue());
    Path token = dir.resolve(ConfigKey.API_TOKEN_FILE.defaultValue());
    for (Path p : List.of(config, identity, token)) {
      if (Files.exists(p)) {
        throw new ConfigException(p + " exists already; perun init never overwrites (use another --dir)");
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
    }
    OwnerOnlyFiles.create(identity, hex(random, 32) + "\n");
    OwnerOnlyFiles.create(token, hex(random, 32) + "\n");
    try {
      Files.writeString(config, template(values), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException(config + " exists already; perun init never overwrites");
    } catch (IOException e) {
      throw new ConfigException("cannot write " + config + ": " + e.getMessage(), e);
    }
    return new Result(config, identity, token);
  }

  /** The commented configuration file: every key with its description, set ones active, the rest commented out. */
  static String template(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    sb.append("# perun node configuration (TOML), written by perun init.\n");
    sb.append("# Precedence: command line (--set KEY=VALUE and options such as --api-listen), then environment\n");
    sb.append("# (PERUN_<KEY>, e.g. PERUN_API_LISTEN, PERUN_POLICY_PAYMENTS), then this file, then the defaults shown.\n");
    String section = "";
    for (ConfigKey key : ConfigKey.values()) {
      if (!key.section().equals(section)) {
        section = key.section();
        sb.append("\n[").append(section).append("]\n");
      }
      sb.append("\n# ").append(key.description()).append('\n');
      String value = values.get(key.key());
      if (value != null) {
        sb.append(key.shortName()).append(" = ").append(quote(value)).append('\n');
      } else {
        sb.append("# ").append(key.shortName()).append(" = ").append(quote(key.defaultValue())).append('\n');
      }
    }
    return sb.toString();
  }

  private static String quote(String value) {
    if (value.matches("-?\\d+") && value.length() < 18) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
