// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import network.perun.api.Address;
import network.perun.api.Signature;

/** A key that can sign: one on-chain account of a {@link Wallet}. Implementations never log or expose the key. */
public interface Account {
  /** The account's address. */
  Address address();

  /** Signs {@code data} with the backend's signature scheme. */
  Signature sign(byte[] data);
}
