// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

/** A store was used after {@link ChannelStore#close()}. */
public class StoreClosedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreClosedException(String store) {
    super(store + " is closed");
  }
}
