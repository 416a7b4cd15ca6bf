// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import network.perun.api.Address;
import network.perun.api.PerunException;

/** An address the wallet holds no key for. */
public class UnknownAccountException extends PerunException {
  private static final long serialVersionUID = 1L;

  public UnknownAccountException(Address address) {
    super("the wallet holds no account for " + address);
  }
}
