// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Balances;
import network.perun.api.WireAddress;
import network.perun.api.message.LedgerChannelProposal;
import network.perun.api.message.ProposalId;

/** A valid ledger channel proposal a peer sent us. */
public record IncomingProposal(WireAddress proposer, LedgerChannelProposal message) {
  public IncomingProposal {
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(message, "message");
  }

  public ProposalId proposalId() {
    return message.base().proposalId();
  }

  /** The initial allocation; index 0 is the proposer, 1 is us. */
  public Allocation initBals() {
    return message.base().initBals();
  }

  public Balances fundingAgreement() {
    return message.base().fundingAgreement();
  }

  public long challengeDuration() {
    return message.base().challengeDuration();
  }

  public Optional<AppId> app() {
    return message.base().app();
  }

  /** The proposer's on-chain address in the channel. */
  public Address proposerParticipant() {
    return message.participant();
  }
}
