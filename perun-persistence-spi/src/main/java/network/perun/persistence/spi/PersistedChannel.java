// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;

/**
 * A snapshot of one channel as a store keeps it: the channel state machine's fields (go-perun's
 * {@code channel.Source}) plus the channel's peers and parent.
 *
 * <p>The fixed fields ({@code id}, {@code params}, {@code ownIndex}, {@code peers}, {@code parent},
 * {@code fundingAgreement}) never change
 * during a channel's life; {@code phase}, {@code current} and {@code staging} change with every step of the
 * machine. The constructor checks what a store must rely on: the own index and the peers fit the participants,
 * and every transaction belongs to this channel and has one signature slot per participant. The phase rules (which
 * phase has a current or staged transaction) are the state machine's, checked when it is rebuilt from a snapshot.
 *
 * @param id the channel's ID
 * @param params the channel's fixed parameters
 * @param ownIndex our index among {@code params.participants()}
 * @param phase the channel's phase
 * @param current the latest fully signed transaction; empty before the version-0 state is fully signed
 * @param staging the proposed next state and the signatures gathered for it so far
 * @param peers the wire address of every participant, in participant order (our own at {@code ownIndex})
 * @param parent the parent channel of a sub-channel, empty for a ledger or virtual channel
 * @param fundingAgreement who deposits what (assets x participants) when the channel is funded, as the channel
 *     proposal agreed; empty means each participant deposits their initial balance (what a record without an
 *     agreement, of record format 1, always meant)
 */
public record PersistedChannel(
    ChannelId id,
    Params params,
    int ownIndex,
    Phase phase,
    Optional<Transaction> current,
    Optional<Transaction> staging,
    List<WireAddress> peers,
    Optional<ChannelId> parent,
    Optional<Balances> fundingAgreement) {

  public PersistedChannel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(staging, "staging");
    peers = List.copyOf(peers);
    Objects.requireNonNull(parent, "parent");
    int n = params.numParticipants();
    InvalidValueException.check(ownIndex >= 0 && ownIndex < n, "channel %s: own index must be in 0..%d, got %d", id.shortHex(), n - 1, ownIndex);
    InvalidValueException.check(peers.size() == n, "channel %s: %d peers for %d participants", id.shortHex(), peers.size(), n);
    current.ifPresent(tx -> checkBelongs(id, n, tx.state(), "current"));
    staging.ifPresent(tx -> checkBelongs(id, n, tx.state(), "staged"));
    parent.ifPresent(p -> InvalidValueException.check(!p.equals(id), "channel %s cannot be its own parent", id.shortHex()));
    Objects.requireNonNull(fundingAgreement, "fundingAgreement");
    fundingAgreement.ifPresent(a -> InvalidValueException.check(a.numParticipants() == n, "channel %s: funding agreement has %d participants, the channel has %d",
        id.shortHex(), a.numParticipants(), n));
  }

  /** A snapshot whose funding agreement is the initial balances (no explicit agreement). */
  public PersistedChannel(ChannelId id, Params params, int ownIndex, Phase phase, Optional<Transaction> current, Optional<Transaction> staging,
      List<WireAddress> peers, Optional<ChannelId> parent) {
    this(id, params, ownIndex, phase, current, staging, peers, parent, Optional.empty());
  }

  private static void checkBelongs(ChannelId id, int n, State state, String what) {
    InvalidValueException.check(state.channelId().equals(id), "channel %s: %s state belongs to channel %s", id.shortHex(), what, state.channelId().shortHex());
    InvalidValueException.check(state.allocation().numParticipants() == n, "channel %s: %s state version %d has %d participants, the channel has %d",
        id.shortHex(), what, state.version(), state.allocation().numParticipants(), n);
  }

  /** A copy in another phase with other transactions; the fixed fields stay. */
  public PersistedChannel withState(Phase newPhase, Optional<Transaction> newCurrent, Optional<Transaction> newStaging) {
    return new PersistedChannel(id, params, ownIndex, newPhase, newCurrent, newStaging, peers, parent, fundingAgreement);
  }

  /**
   * The names of the fixed fields in which {@code other} differs from this channel, such as {@code "params"} or
   * {@code "own index, peers"}; empty if they are all equal.
   */
  public String fixedFieldDifferences(PersistedChannel other) {
    StringBuilder sb = new StringBuilder();
    append(sb, !id.equals(other.id), "ID");
    append(sb, !params.equals(other.params), "params");
    append(sb, ownIndex != other.ownIndex, "own index");
    append(sb, !peers.equals(other.peers), "peers");
    append(sb, !parent.equals(other.parent), "parent");
    append(sb, !fundingAgreement.equals(other.fundingAgreement), "funding agreement");
    return sb.toString();
  }

  private static void append(StringBuilder sb, boolean differs, String field) {
    if (differs) {
      sb.append(sb.isEmpty() ? "" : ", ").append(field);
    }
  }
}
