// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import network.perun.api.ChannelId;

/**
 * A save whose fixed fields (params, own index, peers or parent) differ from those already stored for the same
 * channel ID. These never change during a channel's life, so this is a bug in the caller; the stored channel is
 * left as it was.
 */
public class ConflictingChannelException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient ChannelId channelId;

  public ConflictingChannelException(ChannelId channelId, String difference) {
    super("cannot save channel " + channelId + ": its " + difference + " differ from the stored channel's, and they never change");
    this.channelId = channelId;
  }

  /** The channel whose save was refused. */
  public ChannelId channelId() {
    return channelId;
  }
}
