// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fixed parameters of a channel, agreed when it opens.
 *
 * <p>The channel's {@link ChannelId} is the backend's commitment to these fields
 * ({@link network.perun.api.spi.ChannelBackend#channelId(Params)}). It is not stored here, so a decoded
 * {@code Params} can never carry a stale or forged ID.
 *
 * @param challengeDuration the dispute window in seconds of chain time, greater than 0
 * @param participants the on-chain address of each participant, 2 to {@link Limits#MAX_PARTICIPANTS},
 *     distinct; the index in this list is the participant's index everywhere
 * @param app the channel app, empty for a payment channel without app
 * @param nonce a non-negative number of at most 256 bits that makes the ID unique
 * @param ledger whether the channel is funded directly on chain
 * @param virtual whether the channel is a virtual channel funded through two ledger channels
 * @param aux {@link Limits#AUX_LENGTH} bytes of backend-specific data (zeros by default); unlike go-perun's
 *     sim backend, our backends commit to it in the channel ID
 */
public record Params(
    long challengeDuration, List<Address> participants, Optional<AppId> app, BigInteger nonce, boolean ledger, boolean virtual, Bytes aux) {

  public static final Bytes ZERO_AUX = Bytes.zeros(Limits.AUX_LENGTH);

  public Params {
    participants = List.copyOf(participants);
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(aux, "aux");
    InvalidValueException.check(challengeDuration > 0, "challenge duration must be > 0 seconds, got %d", challengeDuration);
    InvalidValueException.check(participants.size() >= 2 && participants.size() <= Limits.MAX_PARTICIPANTS, "a channel needs 2..%d participants, got %d", Limits.MAX_PARTICIPANTS, participants.size());
    Set<Address> seen = new HashSet<>();
    for (Address a : participants) {
      InvalidValueException.check(seen.add(a), "participant %s appears twice", a);
    }
    InvalidValueException.check(nonce.signum() >= 0 && nonce.bitLength() <= 256, "nonce must be a non-negative number of at most 256 bits, got %s", nonce);
    InvalidValueException.check(aux.length() == Limits.AUX_LENGTH, "aux must be %d bytes, got %d", Limits.AUX_LENGTH, aux.length());
    InvalidValueException.check(!(ledger && virtual), "a channel cannot be both ledger and virtual");
  }

  /** Params of a ledger channel with zero aux. */
  public static Params ledger(long challengeDuration, List<Address> participants, Optional<AppId> app, BigInteger nonce) {
    return new Params(challengeDuration, participants, app, nonce, true, false, ZERO_AUX);
  }

  public int numParticipants() {
    return participants.size();
  }

  /** The index of {@code address} among the participants. */
  public Optional<Integer> indexOf(Address address) {
    int i = participants.indexOf(address);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }
}
