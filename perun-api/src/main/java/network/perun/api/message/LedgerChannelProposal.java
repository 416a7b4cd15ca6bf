// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.List;
import network.perun.api.Address;
import network.perun.api.WireAddress;

/** A proposal to open a ledger channel: the proposer's on-chain address and every peer's wire address (index 0 = proposer). */
public record LedgerChannelProposal(BaseProposal base, Address participant, List<WireAddress> peers) implements Message {
  @Override
  public MessageType type() {
    return MessageType.LEDGER_CHANNEL_PROPOSAL;
  }
}
