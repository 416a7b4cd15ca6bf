// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

/**
 * Stored bytes do not decode to what they should be: a damaged, truncated or foreign record. The channel it
 * belongs to is not restored at all (never partly).
 */
public class CorruptedStoreException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CorruptedStoreException(String message) {
    super(message);
  }

  public CorruptedStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
