// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;
import network.perun.api.Params;
import network.perun.api.WireAddress;

/**
 * What we propose when opening a two-party ledger channel with a peer.
 *
 * @param peer the peer's wire address
 * @param participant our on-chain address in the channel (index 0)
 * @param initBals the initial allocation, index 0 = us, 1 = the peer; no locked funds
 * @param challengeDuration the dispute window in seconds of chain time
 * @param app the channel app, empty for a payment channel
 * @param initData the app's initial data, empty without app
 * @param fundingAgreement who deposits what; empty = each deposits their initial balance
 * @param aux backend-specific data (zeros by default)
 */
public record ChannelProposal(
    WireAddress peer, Address participant, Allocation initBals, long challengeDuration, Optional<AppId> app, Bytes initData,
    Optional<Balances> fundingAgreement, Bytes aux) {

  public ChannelProposal {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(initBals, "initBals");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(initData, "initData");
    Objects.requireNonNull(fundingAgreement, "fundingAgreement");
    Objects.requireNonNull(aux, "aux");
    InvalidValueException.check(challengeDuration > 0, "challenge duration must be > 0 seconds, got %d", challengeDuration);
    InvalidValueException.check(initBals.numParticipants() == 2, "a two-party proposal needs 2 balance columns, got %d", initBals.numParticipants());
    InvalidValueException.check(initBals.locked().isEmpty(), "initial balances must not lock funds, got %d locked entries", initBals.locked().size());
    InvalidValueException.check(aux.length() == Limits.AUX_LENGTH, "aux must be %d bytes, got %d", Limits.AUX_LENGTH, aux.length());
    fundingAgreement.ifPresent(agreement -> checkAgreement(initBals, agreement));
  }

  /** A payment channel proposal without app, each party funding its own initial balance. */
  public static ChannelProposal ledger(WireAddress peer, Address participant, Allocation initBals, long challengeDuration) {
    return new ChannelProposal(peer, participant, initBals, challengeDuration, Optional.empty(), Bytes.EMPTY, Optional.empty(), Params.ZERO_AUX);
  }

  /** A copy with an app and its initial data. */
  public ChannelProposal withApp(AppId appId, Bytes data) {
    return new ChannelProposal(peer, participant, initBals, challengeDuration, Optional.of(appId), data, fundingAgreement, aux);
  }

  /** A copy where deposits follow {@code agreement} (same per-asset sums as the initial balances). */
  public ChannelProposal withFundingAgreement(Balances agreement) {
    return new ChannelProposal(peer, participant, initBals, challengeDuration, app, initData, Optional.of(agreement), aux);
  }

  /** The funding agreement in force: the explicit one or the initial balances. */
  public Balances effectiveAgreement() {
    return fundingAgreement.orElse(initBals.balances());
  }

  static void checkAgreement(Allocation initBals, Balances agreement) {
    Balances bals = initBals.balances();
    InvalidValueException.check(agreement.numAssets() == bals.numAssets() && agreement.numParticipants() == bals.numParticipants(),
        "funding agreement is %dx%d, initial balances %dx%d", agreement.numAssets(), agreement.numParticipants(), bals.numAssets(), bals.numParticipants());
    for (int a = 0; a < bals.numAssets(); a++) {
      InvalidValueException.check(agreement.sum(a).equals(bals.sum(a)), "funding agreement sums to %s for asset %d, initial balances to %s", agreement.sum(a), a, bals.sum(a));
    }
  }
}
