// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.random.RandomGenerator;
import network.perun.api.PerunException;
import network.perun.backend.eth.crypto.Keccak;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Ethereum keystore V3 files (Web3 Secret Storage, as geth, web3j and most wallets write them): a private key
 * encrypted with AES-128-CTR under a key derived from a password by scrypt or PBKDF2-HMAC-SHA256.
 *
 * <pre>
 * derived = scrypt(password, salt, n, r, p, dklen) | pbkdf2-hmac-sha256(password, salt, c, dklen)
 * mac     = keccak256(derived[16..32] || ciphertext)            must equal crypto.mac
 * key     = aes-128-ctr(key = derived[0..16], iv).decrypt(ciphertext)
 * </pre>
 *
 * <p>web3j keeps its keystore code in {@code org.web3j:core}, whose dependencies (OkHttp, RxJava, vert.x, AWS
 * KMS...) this backend avoids; the format is small enough to implement on BouncyCastle and the JDK. Messages name
 * the file, never a key or password.
 */
public final class Keystore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  /** Upper bounds on the KDF cost, so a hostile file cannot make us allocate gigabytes or loop for hours. */
  private static final int MAX_SCRYPT_N = 1 << 20;
  private static final int MAX_PBKDF2_ROUNDS = 10_000_000;

  private Keystore() {}

  /**
   * The 32-byte private key in a keystore V3 file; the caller should wipe it after use.
   *
   * @throws PerunException if the file cannot be read, is not a V3 keystore, or the password is wrong
   */
  public static byte[] decrypt(Path file, char[] password) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new PerunException("cannot read keystore file " + file + ": " + e.getMessage(), e);
    }
    try {
      return decrypt(root, password, file.toString());
    } catch (RuntimeException e) {
      if (e instanceof PerunException) {
        throw e;
      }
      throw new PerunException("malformed keystore file " + file + ": " + e.getMessage());
    }
  }

  private static byte[] decrypt(JsonNode root, char[] password, String name) {
    if (root == null || root.path("version").asInt(-1) != 3) {
      throw new PerunException("keystore file " + name + " is not a version 3 keystore");
    }
    JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.path("Crypto");
    String cipher = crypto.path("cipher").asText();
    if (!"aes-128-ctr".equals(cipher)) {
      throw new PerunException("keystore file " + name + " uses cipher \"" + cipher + "\", only aes-128-ctr is supported");
    }
    byte[] ciphertext = hex(crypto, "ciphertext");
    byte[] iv = hex(crypto.path("cipherparams"), "iv");
    byte[] mac = hex(crypto, "mac");
    byte[] derived = deriveKey(crypto.path("kdf").asText(), crypto.path("kdfparams"), password, name);
    byte[] expectedMac = Keccak.keccak256(Arrays.copyOfRange(derived, 16, 32), ciphertext);
    if (!MessageDigest.isEqual(expectedMac, mac)) {
      throw new PerunException("cannot decrypt keystore file " + name + ": wrong password (MAC mismatch)");
    }
    byte[] key = aesCtr(Arrays.copyOfRange(derived, 0, 16), iv, ciphertext);
    Arrays.fill(derived, (byte) 0);
    if (key.length != 32) {
      throw new PerunException("keystore file " + name + " holds a " + key.length + "-byte key, expected 32");
    }
    return key;
  }

  /**
   * A keystore V3 file's JSON for {@code privateKey}, encrypted under {@code password} with scrypt
   * ({@code n}, r = 8, p = 1; geth's "light" setting is n = 4096, its standard n = 262144). Pass a
   * {@link java.security.SecureRandom} for real keys; salt, IV and ID come from {@code random}.
   */
  public static String encrypt(byte[] privateKey, char[] password, int scryptN, RandomGenerator random) {
    EthAccount account = new EthAccount(privateKey);
    byte[] salt = new byte[32];
    byte[] iv = new byte[16];
    random.nextBytes(salt);
    random.nextBytes(iv);
    byte[] derived = SCrypt.generate(utf8(password), salt, scryptN, 8, 1, 32);
    byte[] ciphertext = aesCtr(Arrays.copyOfRange(derived, 0, 16), iv, privateKey);
    byte[] mac = Keccak.keccak256(Arrays.copyOfRange(derived, 16, 32), ciphertext);
    Arrays.fill(derived, (byte) 0);
    ObjectNode root = JSON.createObjectNode();
    root.put("address", HEX.formatHex(account.address().bytes().toArray()));
    ObjectNode crypto = root.putObject("crypto");
    crypto.put("cipher", "aes-128-ctr");
    crypto.putObject("cipherparams").put("iv", HEX.formatHex(iv));
    crypto.put("ciphertext", HEX.formatHex(ciphertext));
    crypto.put("kdf", "scrypt");
    ObjectNode kdf = crypto.putObject("kdfparams");
    kdf.put("dklen", 32).put("n", scryptN).put("p", 1).put("r", 8).put("salt", HEX.formatHex(salt));
    crypto.put("mac", HEX.formatHex(mac));
    byte[] uuid = new byte[16];
    random.nextBytes(uuid);
    root.put("id", UUID.nameUUIDFromBytes(uuid).toString());
    root.put("version", 3);
    return root.toPrettyString();
  }

  private static byte[] deriveKey(String kdf, JsonNode params, char[] password, String name) {
    int dklen = params.path("dklen").asInt(-1);
    if (dklen != 32) {
      throw new PerunException("keystore file " + name + " has dklen " + dklen + ", expected 32");
    }
    byte[] salt = hex(params, "salt");
    byte[] pw = utf8(password);
    try {
      switch (kdf.toLowerCase(Locale.ROOT)) {
        case "scrypt" -> {
          int n = params.path("n").asInt(-1);
          int r = params.path("r").asInt(-1);
          int p = params.path("p").asInt(-1);
          if (n < 2 || n > MAX_SCRYPT_N || Integer.bitCount(n) != 1 || r < 1 || r > 32 || p < 1 || p > 16) {
            throw new PerunException("keystore file " + name + " has unsupported scrypt parameters n " + n + ", r " + r + ", p " + p);
          }
          return SCrypt.generate(pw, salt, n, r, p, dklen);
        }
        case "pbkdf2" -> {
          String prf = params.path("prf").asText();
          int c = params.path("c").asInt(-1);
          if (!"hmac-sha256".equals(prf) || c < 1 || c > MAX_PBKDF2_ROUNDS) {
            throw new PerunException("keystore file " + name + " has unsupported pbkdf2 parameters prf " + prf + ", c " + c);
          }
          PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
          gen.init(pw, salt, c);
          return ((KeyParameter) gen.generateDerivedParameters(dklen * 8)).getKey();
        }
        default -> throw new PerunException("keystore file " + name + " uses kdf \"" + kdf + "\", only scrypt and pbkdf2 are supported");
      }
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  /** AES-128-CTR (CTR mode is its own inverse); BouncyCastle directly, so no JCE provider or entropy source is touched. */
  private static byte[] aesCtr(byte[] key, byte[] iv, byte[] data) {
    if (iv.length != 16) {
      throw new PerunException("keystore IV must be 16 bytes, got " + iv.length);
    }
    CTRModeCipher ctr = SICBlockCipher.newInstance(AESEngine.newInstance());
    ctr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    byte[] out = new byte[data.length];
    ctr.processBytes(data, 0, data.length, out, 0);
    return out;
  }

  private static byte[] hex(JsonNode node, String field) {
    String text = node.path(field).asText("");
    try {
      return HEX.parseHex(text.startsWith("0x") ? text.substring(2) : text);
    } catch (IllegalArgumentException e) {
      throw new PerunException("keystore field \"" + field + "\" is not hex");
    }
  }

  private static byte[] utf8(char[] password) {
    return PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(password);
  }
}
