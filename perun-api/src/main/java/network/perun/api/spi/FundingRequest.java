// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.Objects;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.State;

/**
 * What {@link Funder#fund(FundingRequest)} needs: the channel, its fully signed initial state, our index and the
 * funding agreement (who deposits how much of each asset).
 */
public record FundingRequest(ChannelId channelId, Params params, State initialState, int ownIndex, Balances agreement) {
  public FundingRequest {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(initialState, "initialState");
    Objects.requireNonNull(agreement, "agreement");
    InvalidValueException.check(ownIndex >= 0 && ownIndex < params.numParticipants(), "own index %d out of range for %d participants", ownIndex, params.numParticipants());
    InvalidValueException.check(agreement.numParticipants() == params.numParticipants(), "agreement has %d participants, params %d", agreement.numParticipants(), params.numParticipants());
    InvalidValueException.check(agreement.numAssets() == initialState.allocation().assets().size(), "agreement has %d assets, state %d", agreement.numAssets(), initialState.allocation().assets().size());
  }
}
