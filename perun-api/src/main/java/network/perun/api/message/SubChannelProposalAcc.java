// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;


/** The acceptance of a sub-channel proposal. */
public record SubChannelProposalAcc(ProposalId proposalId, NonceShare nonceShare) implements Message {
  @Override
  public MessageType type() {
    return MessageType.SUB_CHANNEL_PROPOSAL_ACC;
  }
}
