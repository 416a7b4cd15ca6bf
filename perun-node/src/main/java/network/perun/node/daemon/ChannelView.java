// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.ChannelId;
import network.perun.api.Phase;
import network.perun.api.WireAddress;

/**
 * What the API shows of one channel.
 *
 * @param id the channel ID
 * @param peerName the peer's contact name, if the peer is a contact
 * @param peer the peer's wire address
 * @param ownIndex our participant index
 * @param phase the channel's phase
 * @param version the version of the latest fully signed state
 * @param ourBalance our balance in that state
 * @param peerBalance the peer's balance in that state
 * @param isFinal whether that state is final
 * @param settlement {@code ""} while open, then {@code settling}, {@code settled} or {@code failed: REASON}
 * @param challengeDuration the dispute window in chain seconds
 */
public record ChannelView(ChannelId id, Optional<String> peerName, WireAddress peer, int ownIndex, Phase phase, long version, BigInteger ourBalance,
    BigInteger peerBalance, boolean isFinal, String settlement, long challengeDuration) {
  public ChannelView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(peerName, "peerName");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(settlement, "settlement");
  }
}
