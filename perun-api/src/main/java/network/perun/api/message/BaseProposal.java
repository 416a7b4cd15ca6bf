// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;

/**
 * The fields every channel proposal kind shares.
 *
 * @param proposalId random, names the proposal
 * @param challengeDuration the dispute window in seconds, greater than 0
 * @param nonceShare the proposer's nonce share
 * @param app the channel's app, empty for none
 * @param initData the app's initial data, at most 65535 bytes
 * @param initBals the initial allocation (no locked funds)
 * @param fundingAgreement who deposits what; the same dimensions (assets x participants) as the initial
 *     balances and, for a valid proposal, the same per-asset sums
 * @param aux backend-specific data of {@link Limits#AUX_LENGTH} bytes
 */
public record BaseProposal(
    ProposalId proposalId, long challengeDuration, NonceShare nonceShare, Optional<AppId> app, Bytes initData,
    Allocation initBals, Balances fundingAgreement, Bytes aux) {
  public BaseProposal {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(nonceShare, "nonceShare");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(initData, "initData");
    Objects.requireNonNull(initBals, "initBals");
    Objects.requireNonNull(fundingAgreement, "fundingAgreement");
    Objects.requireNonNull(aux, "aux");
    InvalidValueException.check(aux.length() == Limits.AUX_LENGTH, "aux must be %d bytes, got %d", Limits.AUX_LENGTH, aux.length());
    InvalidValueException.check(challengeDuration > 0, "challenge duration must be > 0 seconds, got %d", challengeDuration);
    InvalidValueException.check(initData.length() <= Address.MAX_LENGTH, "initial app data must be at most %d bytes, got %d", Address.MAX_LENGTH, initData.length());
    Balances bals = initBals.balances();
    InvalidValueException.check(fundingAgreement.numAssets() == bals.numAssets() && fundingAgreement.numParticipants() == bals.numParticipants(),
        "funding agreement is %dx%d but the initial balances are %dx%d (assets x participants)",
        fundingAgreement.numAssets(), fundingAgreement.numParticipants(), bals.numAssets(), bals.numParticipants());
  }
}
