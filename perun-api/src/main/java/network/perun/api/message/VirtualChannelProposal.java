// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import java.util.Objects;
import network.perun.api.Address;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;
import network.perun.api.WireAddress;

/**
 * A proposal to open a virtual channel funded through one parent ledger channel per participant.
 *
 * @param peers every participant's wire address, 2..1024
 * @param parents one parent channel ID per participant (at most 1024)
 * @param indexMaps one map per participant (at most 1024): virtual index to parent channel index
 */
public record VirtualChannelProposal(BaseProposal base, Address proposer, List<WireAddress> peers, List<ChannelId> parents, List<List<Integer>> indexMaps) implements Message {
  public VirtualChannelProposal {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(proposer, "proposer");
    peers = List.copyOf(peers);
    parents = List.copyOf(parents);
    MessageChecks.participantCount(peers.size(), "peers");
    InvalidValueException.check(parents.size() <= Limits.MAX_PARTICIPANTS, "%d parents, at most %d allowed", parents.size(), Limits.MAX_PARTICIPANTS);
    indexMaps = MessageChecks.indexMaps(indexMaps, "index map");
  }

  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_PROPOSAL;
  }
}
