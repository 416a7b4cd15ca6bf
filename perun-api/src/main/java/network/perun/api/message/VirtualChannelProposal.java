// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import network.perun.api.Address;
import network.perun.api.ChannelId;
import network.perun.api.WireAddress;

/** A proposal to open a virtual channel funded through one parent ledger channel per participant. */
public record VirtualChannelProposal(BaseProposal base, Address proposer, List<WireAddress> peers, List<ChannelId> parents, List<List<Integer>> indexMaps) implements Message {
  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_PROPOSAL;
  }
}
