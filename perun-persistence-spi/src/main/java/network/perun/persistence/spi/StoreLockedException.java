// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

/**
 * The store's location is in use: another process, or another open store in this process, holds its lock. Two
 * writers on one store would corrupt it, so the second one is refused; close the first one (or stop the other
 * node) and open again.
 */
public class StoreLockedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreLockedException(String message) {
    super(message);
  }

  public StoreLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
