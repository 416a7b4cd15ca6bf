// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;

/** The acceptance of a sub-channel proposal. */
public record SubChannelProposalAcc(ProposalId proposalId, NonceShare nonceShare) implements Message {
  public SubChannelProposalAcc {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(nonceShare, "nonceShare");
  }

  @Override
  public MessageType type() {
    return MessageType.SUB_CHANNEL_PROPOSAL_ACC;
  }
}
