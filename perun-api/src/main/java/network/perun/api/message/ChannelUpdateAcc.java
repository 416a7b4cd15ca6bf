// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;

/** The acceptance of a channel update: the responder's signature on that version. */
public record ChannelUpdateAcc(ChannelId channelId, long version, Signature signature) implements Message {
  public ChannelUpdateAcc {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(signature, "signature");
    InvalidValueException.check(version >= 0, "version must not be negative: %d", version);
  }

  @Override
  public MessageType type() {
    return MessageType.CHANNEL_UPDATE_ACC;
  }
}
