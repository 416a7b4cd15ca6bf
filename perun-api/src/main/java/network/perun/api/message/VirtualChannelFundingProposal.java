// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import java.util.Optional;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;

/** A parent-channel update that locks funds for a virtual channel, with the virtual channel's signed initial state. */
public record VirtualChannelFundingProposal(ChannelUpdate update, Params params, State initialState, List<Optional<Signature>> signatures, List<Integer> indexMap) implements Message {
  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_FUNDING_PROPOSAL;
  }
}
