// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import network.perun.api.Address;

/** The acceptance of a virtual channel proposal. */
public record VirtualChannelProposalAcc(ProposalId proposalId, NonceShare nonceShare, Address responder) implements Message {
  @Override
  public MessageType type() {
    return MessageType.VIRTUAL_CHANNEL_PROPOSAL_ACC;
  }
}
