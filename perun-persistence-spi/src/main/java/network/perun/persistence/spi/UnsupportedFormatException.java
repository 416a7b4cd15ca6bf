// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

/**
 * The store, or one record in it, has an on-disk format this version cannot read: a newer one (written by a
 * newer perun-java), an older one without a migration, or none at all. Nothing is read from it, so nothing is
 * misread.
 */
public class UnsupportedFormatException extends StoreException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFormatException(String message) {
    super(message);
  }
}
