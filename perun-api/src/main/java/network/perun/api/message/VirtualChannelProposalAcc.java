// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.Address;

/** The acceptance of a virtual channel proposal. */
public record VirtualChannelProposalAcc(ProposalId proposalId, NonceShare nonceShare, Address responder) implements Message {
  public VirtualChannelProposalAcc {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(nonceShare, "nonceShare");
    Objects.requireNonNull(responder, "responder");
  }

  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_PROPOSAL_ACC;
  }
}
