// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;

/**
 * A parent-channel update that locks funds for a virtual channel, with the virtual channel's signed initial state.
 *
 * @param signatures one slot per participant of {@code params}
 * @param indexMap virtual index to parent channel index, at most 1024 entries
 */
public record VirtualChannelFundingProposal(ChannelUpdate update, Params params, State initialState, List<Optional<Signature>> signatures, List<Integer> indexMap) implements Message {
  public VirtualChannelFundingProposal {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(initialState, "initialState");
    signatures = List.copyOf(signatures);
    InvalidValueException.check(signatures.size() == params.numParticipants(), "%d signature slots for %d participants", signatures.size(), params.numParticipants());
    indexMap = MessageChecks.indexMap(indexMap, "index map");
  }

  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_FUNDING_PROPOSAL;
  }
}
