// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

/** The rejection of a channel proposal, with the reason. */
public record ChannelProposalRej(ProposalId proposalId, String reason) implements Message {
  @Override
  public MessageType type() {
    return MessageType.CHANNEL_PROPOSAL_REJ;
  }
}
