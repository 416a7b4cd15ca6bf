// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.PerunException;
import network.perun.api.WireAddress;
import network.perun.api.spi.Account;
import network.perun.api.spi.Wallet;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.sim.SimWallet;
import network.perun.node.config.ConfigException;
import network.perun.node.config.ConfigKey;
import network.perun.node.config.EthConfig;
import network.perun.node.config.NodeConfig;
import network.perun.node.config.OwnerOnlyFiles;
import network.perun.wire.tcp.Ed25519WireIdentity;

/**
 * The node's one identity: the wallet whose account signs channel states (and, on Ethereum, pays for
 * transactions), and the wire identity key that authenticates the node to its peers.
 *
 * <pre>
 * wire identity      Ed25519 key with seed SHA-256(seed || "perun wire identity"), seed from the identity file
 * on-chain account   backend sim: SimWallet.fromSeed(seed), account 0
 *                    backend eth: the keystore V3 file eth.keystore, its password in eth.keystore-password-file
 * </pre>
 *
 * <p>On Ethereum the two are independent: the wire identity stays the node's when its on-chain account changes.
 */
public final class NodeIdentity {
  private final Wallet wallet;
  private final Account account;
  private final Ed25519WireIdentity wire;

  private NodeIdentity(Wallet wallet, Account account, byte[] seed) {
    this.wallet = wallet;
    this.account = account;
    this.wire = Ed25519WireIdentity.fromSeed(Bytes.wrap(sha256(seed, "perun wire identity".getBytes(StandardCharsets.UTF_8))));
  }

  private static NodeIdentity sim(byte[] seed) {
    SimWallet wallet = SimWallet.fromSeed(seed);
    return new NodeIdentity(wallet, wallet.newAccount(), seed);
  }

  private static byte[] sha256(byte[] a, byte[] b) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(a);
      d.update(b);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Loads the identity of a node with {@code config}: the seed from {@code identity-file} and, on backend eth, the
   * account from the keystore.
   *
   * @throws ConfigException if a file is missing, readable by others or malformed, or the password is wrong
   */
  public static NodeIdentity load(NodeConfig config) {
    byte[] seed = readSeed(config.identityFile());
    if (config.eth().isEmpty()) {
      return sim(seed);
    }
    EthConfig eth = config.eth().get();
    EthWallet wallet = new EthWallet();
    EthAccount account = openKeystore(wallet, eth.keystore(), eth.passwordFile());
    return new NodeIdentity(wallet, account, seed);
  }

  /**
   * Loads a simulated-backend identity from {@code seedFile} (hex, as {@code perun init} writes it).
   *
   * @throws ConfigException if the file is missing, readable by others, or not hex
   */
  public static NodeIdentity load(Path seedFile) {
    return sim(readSeed(seedFile));
  }

  private static byte[] readSeed(Path seedFile) {
    String hex = OwnerOnlyFiles.read(seedFile, "identity file");
    byte[] seed;
    try {
      seed = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("identity file " + seedFile + " does not hold a hex seed");
    }
    if (seed.length < 16) {
      throw new ConfigException("identity file " + seedFile + " holds a " + seed.length + "-byte seed; at least 16 bytes are needed");
    }
    return seed;
  }

  /**
   * Decrypts the keystore V3 file {@code keystore} with the password in {@code passwordFile} into {@code wallet};
   * both files must be readable by their owner only.
   *
   * @throws ConfigException naming the file if one is missing or open to others, the keystore is malformed, or the
   *     password is wrong
   */
  public static EthAccount openKeystore(EthWallet wallet, Path keystore, Path passwordFile) {
    if (!Files.isRegularFile(keystore)) {
      throw new ConfigException("keystore file " + keystore + " does not exist (perun init --backend eth creates one; " + ConfigKey.ETH_KEYSTORE.key()
          + " names it)");
    }
    OwnerOnlyFiles.check(keystore, "keystore file");
    char[] password = OwnerOnlyFiles.read(passwordFile, "keystore password file").toCharArray();
    try {
      return wallet.addKeystore(keystore, password);
    } catch (PerunException e) {
      throw new ConfigException(e.getMessage() + " (password from " + passwordFile + ")", e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** A simulated-backend identity from a seed, for tests that do not touch the disk. */
  public static NodeIdentity ofSeed(long seed) {
    return sim(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
  }

  /** The wallet that holds {@link #account()}. */
  public Wallet wallet() {
    return wallet;
  }

  /** The on-chain account: it signs channel states. */
  public Account account() {
    return account;
  }

  /** The on-chain address the node uses in every channel. */
  public Address address() {
    return account.address();
  }

  /** The key that authenticates this node on the wire. */
  public Ed25519WireIdentity wireIdentity() {
    return wire;
  }

  /** The wire address peers know this node by. */
  public WireAddress wireAddress() {
    return wire.address();
  }

  /** The wire address as peers write it in their contacts: the hex of its bytes. */
  public String wireAddressHex() {
    return wireAddress().bytes().toHex();
  }

  @Override
  public String toString() {
    return "NodeIdentity(" + wireAddressHex() + ")";
  }
}
