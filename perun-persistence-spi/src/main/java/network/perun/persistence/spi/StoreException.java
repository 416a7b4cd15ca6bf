// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import network.perun.api.PerunException;

/**
 * A channel store failed: an I/O error, or a store that cannot be used as asked. Subclasses name the failures a
 * caller may want to tell apart; the message always names the store and the value at fault.
 */
public class StoreException extends PerunException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
