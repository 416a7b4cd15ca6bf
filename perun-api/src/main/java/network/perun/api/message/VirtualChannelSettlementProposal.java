// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import java.util.Optional;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;

/** A parent-channel update that releases a virtual channel's final balances, with its signed final state. */
public record VirtualChannelSettlementProposal(ChannelUpdate update, Params params, State finalState, List<Optional<Signature>> signatures) implements Message {
  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_SETTLEMENT_PROPOSAL;
  }
}
