// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

/**
 * A message of the Perun wire protocol, one record per message type of go-perun v0.15.
 *
 * <p>The sealed hierarchy lists them all; {@link #type()} gives the type byte on the wire.
 */
public sealed interface Message
    permits Ping, Pong, Shutdown, AuthResponse,
        LedgerChannelProposal, LedgerChannelProposalAcc, SubChannelProposal, SubChannelProposalAcc,
        VirtualChannelProposal, VirtualChannelProposalAcc, ChannelProposalRej,
        ChannelUpdate, VirtualChannelFundingProposal, VirtualChannelSettlementProposal,
        ChannelUpdateAcc, ChannelUpdateRej, ChannelSync {

  /** The message type. */
  MessageType type();
}
