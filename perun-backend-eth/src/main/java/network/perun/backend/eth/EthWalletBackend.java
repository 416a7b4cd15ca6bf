// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;
import network.perun.api.spi.WalletBackend;

/**
 * The Ethereum backend's signature scheme and addresses: 65-byte secp256k1 signatures over the EIP-191 hash of
 * {@code keccak256(data)} (see {@link EthSignatures}) and 20-byte addresses of backend ID 1. Stateless and
 * thread-safe.
 */
public final class EthWalletBackend implements WalletBackend {
  @Override
  public int signatureSize() {
    return EthSignatures.LENGTH;
  }

  /**
   * Whether {@code signature} is {@code signer}'s signature of {@code data}; {@code false}, never an exception,
   * for a wrong signer, a corrupted signature, v other than 27/28, a high s, a length other than 65, or a signer
   * that is not an Ethereum address.
   */
  @Override
  public boolean verify(byte[] data, Signature signature, Address signer) {
    try {
      return EthSignatures.verify(data, signature, signer);
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  /**
   * The Ethereum address with these bytes.
   *
   * @throws InvalidValueException unless {@code bytes} has 20 bytes
   */
  @Override
  public Address address(Bytes bytes) {
    return EthAddress.of(bytes.toArray());
  }

  @Override
  public String toString() {
    return "EthWalletBackend(secp256k1)";
  }
}
