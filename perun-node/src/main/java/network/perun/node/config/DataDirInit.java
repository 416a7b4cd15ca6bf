// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.InvalidValueException;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.Keystore;

/**
 * {@code perun init}: a new data directory with a commented configuration file, a new identity and an API token;
 * for {@code backend = "eth"} also a new Ethereum account in a keystore V3 file and the keystore's random password.
 *
 * <p>Nothing is ever overwritten: if any of the files exists, nothing is written at all.
 */
public final class DataDirInit {
  /** The configuration file's name in the data directory. */
  public static final String CONFIG_FILE = "perun.toml";

  /** The keystore's scrypt cost by default (geth's standard: 256 MiB and about a second to open). */
  public static final int STANDARD_SCRYPT_N = 1 << 18;

  /** The keystore's scrypt cost with {@code --lightkdf} (geth's light setting: 4 MiB, fast, weaker). */
  public static final int LIGHT_SCRYPT_N = 1 << 12;

  private DataDirInit() {}

  /**
   * What init wrote.
   *
   * @param keystore the new keystore, on backend eth
   * @param passwordFile the file with the keystore's password, on backend eth
   * @param account the new account's address, on backend eth
   */
  public record Result(Path configFile, Path identityFile, Path tokenFile, Optional<Path> keystore, Optional<Path> passwordFile, Optional<Address> account) {
    public Result {
      Objects.requireNonNull(keystore, "keystore");
      Objects.requireNonNull(passwordFile, "passwordFile");
      Objects.requireNonNull(account, "account");
    }
  }

  /** {@link #init(Path, Map, SecureRandom, int)} with the standard keystore cost. */
  public static Result init(Path dir, Map<String, String> values, SecureRandom random) {
    return init(dir, values, random, STANDARD_SCRYPT_N);
  }

  /**
   * Writes {@code perun.toml}, the identity seed and the API token into {@code dir} (created if missing), with
   * {@code values} (key to value) set in the file and every other key commented out at its default. With
   * {@code backend = "eth"} in {@code values} it also writes a new account's keystore (scrypt with cost
   * {@code scryptN}) and its password at {@code eth.keystore} and {@code eth.keystore-password-file}; every secret
   * is readable by the owner only.
   *
   * @throws ConfigException if any of the files exists, naming it, or a file cannot be written
   */
  public static Result init(Path dir, Map<String, String> values, SecureRandom random, int scryptN) {
    Objects.requireNonNull(random, "random");
    for (String key : values.keySet()) {
      if (ConfigKey.of(key).isEmpty()) {
        throw new ConfigException("unknown configuration key \"" + key + "\"");
      }
    }
    Path config = dir.resolve(CONFIG_FILE);
    Path identity = dir.resolve(ConfigKey.IDENTITY_FILE.defaultValue());
    Path token = dir.resolve(ConfigKey.API_TOKEN_FILE.defaultValue());
    boolean eth = "eth".equals(values.get(ConfigKey.BACKEND.key()));
    Optional<Path> keystore = eth ? Optional.of(dir.resolve(value(values, ConfigKey.ETH_KEYSTORE))) : Optional.empty();
    Optional<Path> password = eth ? Optional.of(dir.resolve(value(values, ConfigKey.ETH_KEYSTORE_PASSWORD_FILE))) : Optional.empty();
    List<Path> all = new ArrayList<>(List.of(config, identity, token));
    keystore.ifPresent(all::add);
    password.ifPresent(all::add);
    for (Path p : all) {
      if (Files.exists(p)) {
        throw new ConfigException(p + " exists already; perun init never overwrites (use another --dir)");
      }
    }
    try {
      Files.createDirectories(dir);
      for (Path p : all) {
        Files.createDirectories(p.toAbsolutePath().getParent());
      }
    } catch (IOException e) {
      throw new ConfigException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
    }
    OwnerOnlyFiles.create(identity, hex(random, 32) + "\n");
    OwnerOnlyFiles.create(token, hex(random, 32) + "\n");
    Optional<Address> account = eth ? Optional.of(writeNewAccount(keystore.get(), password.get(), random, scryptN)) : Optional.empty();
    try {
      Files.writeString(config, template(values), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException(config + " exists already; perun init never overwrites");
    } catch (IOException e) {
      throw new ConfigException("cannot write " + config + ": " + e.getMessage(), e);
    }
    return new Result(config, identity, token, keystore, password, account);
  }

  /** A new secp256k1 key in a keystore V3 file, under a random password written beside it; returns its address. */
  private static Address writeNewAccount(Path keystore, Path passwordFile, SecureRandom random, int scryptN) {
    String password = hex(random, 32);
    byte[] key = new byte[32];
    char[] chars = password.toCharArray();
    try {
      Address address;
      while (true) {
        random.nextBytes(key);
        try {
          address = new EthWallet().addPrivateKey(key).address();
          break;
        } catch (InvalidValueException outOfRange) {
          // zero or not below the group order (probability about 2^-128): draw again
        }
      }
      OwnerOnlyFiles.create(passwordFile, password + "\n");
      OwnerOnlyFiles.create(keystore, Keystore.encrypt(key, chars, scryptN, random) + "\n");
      return address;
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(chars, '\0');
    }
  }

  private static String value(Map<String, String> values, ConfigKey key) {
    String v = values.getOrDefault(key.key(), key.defaultValue()).strip();
    if (v.isEmpty()) {
      throw new ConfigException(key.key() + " must name a file");
    }
    return v;
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
