// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.WireAddress;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimWallet;
import network.perun.node.config.ConfigException;
import network.perun.node.config.OwnerOnlyFiles;
import network.perun.wire.tcp.Ed25519WireIdentity;

/**
 * The node's one identity on the simulated backend, derived from the seed in the identity file: the wallet whose
 * first account signs channel states, and the wire identity key that authenticates the node to its peers.
 *
 * <pre>
 * on-chain account   SimWallet.fromSeed(seed), account 0
 * wire identity      Ed25519 key with seed SHA-256(seed || "perun wire identity")
 * </pre>
 */
public final class NodeIdentity {
  private final SimWallet wallet;
  private final SimAccount account;
  private final Ed25519WireIdentity wire;

  private NodeIdentity(SimWallet wallet, byte[] seed) {
    this.wallet = wallet;
    this.account = wallet.newAccount();
    this.wire = Ed25519WireIdentity.fromSeed(Bytes.wrap(sha256(seed, "perun wire identity".getBytes(StandardCharsets.UTF_8))));
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
   * Loads the identity from {@code seedFile} (hex, as {@code perun init} writes it).
   *
   * @throws ConfigException if the file is missing, readable by others, or not hex
   */
  public static NodeIdentity load(Path seedFile) {
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
    return new NodeIdentity(SimWallet.fromSeed(seed), seed);
  }

  /** An identity from a seed, for tests that do not touch the disk. */
  public static NodeIdentity ofSeed(long seed) {
    byte[] bytes = ByteBuffer.allocate(Long.BYTES).putLong(seed).array();
    return new NodeIdentity(SimWallet.fromSeed(bytes), bytes);
  }

  public SimWallet wallet() {
    return wallet;
  }

  public SimAccount account() {
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
