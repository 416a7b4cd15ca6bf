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
 * A parent-channel update that releases a virtual channel's final balances, with its signed final state.
 *
 * @param signatures one slot per participant of {@code params}
 */
public record VirtualChannelSettlementProposal(ChannelUpdate update, Params params, State finalState, List<Optional<Signature>> signatures) implements Message {
  public VirtualChannelSettlementProposal {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(finalState, "finalState");
    signatures = List.copyOf(signatures);
    InvalidValueException.check(signatures.size() == params.numParticipants(), "%d signature slots for %d participants", signatures.size(), params.numParticipants());
  }

  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_SETTLEMENT_PROPOSAL;
  }
}
