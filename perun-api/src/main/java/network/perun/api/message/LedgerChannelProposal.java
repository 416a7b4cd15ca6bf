// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import java.util.Objects;
import network.perun.api.Address;
import network.perun.api.WireAddress;

/**
 * A proposal to open a ledger channel: the proposer's on-chain address and every peer's wire address (index 0 =
 * proposer; 2..1024 peers).
 */
public record LedgerChannelProposal(BaseProposal base, Address participant, List<WireAddress> peers) implements Message {
  public LedgerChannelProposal {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(participant, "participant");
    peers = List.copyOf(peers);
    MessageChecks.participantCount(peers.size(), "peers");
  }

  @Override
  public MessageType type() {
    return MessageType.LEDGER_CHANNEL_PROPOSAL;
  }
}
