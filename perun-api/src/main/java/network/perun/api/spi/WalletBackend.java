// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.Signature;

/** The signature scheme and address format of one backend. */
public interface WalletBackend {
  /** The length in bytes of every signature this backend produces; the wire codec relies on it. */
  int signatureSize();

  /**
   * Whether {@code signature} is {@code signer}'s signature of {@code data}. A wrong signer, a corrupted
   * signature or one of the wrong length is {@code false}, never an exception.
   */
  boolean verify(byte[] data, Signature signature, Address signer);

  /**
   * An address from its binary form.
   *
   * @throws network.perun.api.InvalidValueException if the bytes are not a valid address of this backend
   */
  Address address(Bytes bytes);
}
