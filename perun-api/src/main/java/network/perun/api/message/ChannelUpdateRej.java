// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;

/** The rejection of a channel update, with the reason (at most 65535 UTF-8 bytes). */
public record ChannelUpdateRej(ChannelId channelId, long version, String reason) implements Message {
  public ChannelUpdateRej {
    Objects.requireNonNull(channelId, "channelId");
    InvalidValueException.check(version >= 0, "version must not be negative: %d", version);
    MessageChecks.wireString(reason, "rejection reason");
  }

  @Override
  public MessageType type() {
    return MessageType.CHANNEL_UPDATE_REJ;
  }
}
