// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import network.perun.api.ChannelId;

/** A channel the store does not hold was loaded or removed (for example removed twice). */
public class UnknownChannelException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient ChannelId channelId;

  public UnknownChannelException(ChannelId channelId, String operation) {
    super("cannot " + operation + " channel " + channelId + ": the store holds no such channel");
    this.channelId = channelId;
  }

  /** The channel that was not found. */
  public ChannelId channelId() {
    return channelId;
  }
}
