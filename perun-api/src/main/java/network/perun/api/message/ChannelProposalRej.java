// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;

/** The rejection of a channel proposal, with the reason (at most 65535 UTF-8 bytes). */
public record ChannelProposalRej(ProposalId proposalId, String reason) implements Message {
  public ChannelProposalRej {
    Objects.requireNonNull(proposalId, "proposalId");
    MessageChecks.wireString(reason, "rejection reason");
  }

  @Override
  public MessageType type() {
    return MessageType.CHANNEL_PROPOSAL_REJ;
  }
}
