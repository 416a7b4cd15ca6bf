// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import network.perun.api.PerunException;

/** A subscription that was closed while or before it was read. */
public class SubscriptionClosedException extends PerunException {
  private static final long serialVersionUID = 1L;

  public SubscriptionClosedException(String what) {
    super(what + " is closed");
  }
}
