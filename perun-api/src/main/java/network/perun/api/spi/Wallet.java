// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.List;
import network.perun.api.Address;

/** The accounts a client may sign with. */
public interface Wallet {
  /**
   * The account for {@code address}.
   *
   * @throws UnknownAccountException if this wallet holds no key for it
   */
  Account account(Address address);

  /** Whether this wallet holds a key for {@code address}. */
  boolean contains(Address address);

  /** The addresses of every account, in a stable order. */
  List<Address> addresses();
}
