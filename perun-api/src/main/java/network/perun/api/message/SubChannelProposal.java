// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.ChannelId;

/** A proposal to open a sub-channel funded from the parent channel. */
public record SubChannelProposal(BaseProposal base, ChannelId parent) implements Message {
  public SubChannelProposal {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(parent, "parent");
  }

  @Override
  public MessageType type() {
    return MessageType.SUB_CHANNEL_PROPOSAL;
  }
}
