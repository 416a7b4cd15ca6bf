// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import network.perun.api.ChannelId;
import network.perun.api.Signature;

/** The acceptance of a channel update: the responder's signature on that version. */
public record ChannelUpdateAcc(ChannelId channelId, long version, Signature signature) implements Message {
  @Override
  public MessageType type() {
    return MessageType.CHANNEL_UPDATE_ACC;
  }
}
