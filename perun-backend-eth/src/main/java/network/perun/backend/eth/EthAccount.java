// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;
import network.perun.api.spi.Account;
import network.perun.backend.eth.crypto.RecoverableSignature;
import network.perun.backend.eth.crypto.Secp256k1;

/**
 * A secp256k1 key of the Ethereum backend; its address is the last 20 bytes of the Keccak-256 hash of its
 * public key.
 *
 * <p>The private key never leaves this object: no accessor returns it, and {@link #toString()} shows only the
 * address. Accounts are made by {@link EthWallet}. Thread-safe.
 */
public final class EthAccount implements Account {
  private final byte[] privateKey;
  private final byte[] publicKey;
  private final Address address;

  EthAccount(byte[] privateKey) {
    InvalidValueException.check(Secp256k1.isValidPrivateKey(privateKey), "a secp256k1 private key has 32 bytes and lies in 1..n-1 (value not shown)");
    this.privateKey = privateKey.clone();
    this.publicKey = Secp256k1.get().publicKey(this.privateKey);
    this.address = EthAddress.ofPublicKey(publicKey);
  }

  @Override
  public Address address() {
    return address;
  }

  /**
   * The 65-byte Perun signature of {@code data}: secp256k1 over the EIP-191 hash of {@code keccak256(data)}, as
   * the contracts verify it (see {@link EthSignatures}).
   */
  @Override
  public Signature sign(byte[] data) {
    return EthSignatures.toSignature(signHash(EthSignatures.digest(data)));
  }

  /** A signature of the 32-byte {@code hash} itself, with no prefix: for transactions. */
  public RecoverableSignature signHash(byte[] hash) {
    return Secp256k1.get().sign(hash, privateKey, publicKey);
  }

  /** The 64-byte uncompressed public key {@code x || y}. */
  public Bytes publicKey() {
    return Bytes.of(publicKey);
  }

  @Override
  public String toString() {
    return "EthAccount(" + EthAddress.checksummed(address) + ")";
  }
}
