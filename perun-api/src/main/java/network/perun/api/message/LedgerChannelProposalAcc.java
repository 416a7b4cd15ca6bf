// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.Address;

/** The acceptance of a ledger channel proposal: the responder's nonce share and on-chain address. */
public record LedgerChannelProposalAcc(ProposalId proposalId, NonceShare nonceShare, Address participant) implements Message {
  public LedgerChannelProposalAcc {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(nonceShare, "nonceShare");
    Objects.requireNonNull(participant, "participant");
  }

  @Override
  public MessageType type() {
    return MessageType.LEDGER_CHANNEL_PROPOSAL_ACC;
  }
}
