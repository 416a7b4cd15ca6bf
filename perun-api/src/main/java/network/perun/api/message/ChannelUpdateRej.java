// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import network.perun.api.ChannelId;

/** The rejection of a channel update, with the reason. */
public record ChannelUpdateRej(ChannelId channelId, long version, String reason) implements Message {
  @Override
  public MessageType type() {
    return MessageType.CHANNEL_UPDATE_REJ;
  }
}
