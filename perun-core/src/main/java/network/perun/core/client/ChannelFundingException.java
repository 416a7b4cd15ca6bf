// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.PerunException;

/**
 * Opening a channel failed during funding. The channel is returned with the error so its deposits can be
 * recovered: {@link Channel#settle} on it returns every deposit (go-perun #344, #42).
 */
public class ChannelFundingException extends PerunException {
  private static final long serialVersionUID = 1L;
  private final transient Channel channel;

  public ChannelFundingException(Channel channel, Throwable cause) {
    super("funding of channel " + channel.id().shortHex() + " failed: " + cause.getMessage() + " (settle the channel to recover deposits)", cause);
    this.channel = channel;
  }

  /** The channel whose funding failed; settle it to get deposits back. */
  public Channel channel() {
    return channel;
  }
}
