// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.random;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.persistence.spi.PersistedChannel;

/**
 * A seeded generator of channel snapshots ({@link PersistedChannel}) that the channel state machine accepts in
 * their phase: one in any phase, or the whole life of a channel, one snapshot per state-machine event.
 *
 * <p>Signatures are random bytes of the given size: the snapshots are for stores and restore tests, not for
 * signature checks.
 */
public final class RandomChannels {
  private final RandomValues random;
  private final int signatureSize;

  /** Snapshots drawn from {@code random}, with signatures of {@code signatureSize} bytes. */
  public RandomChannels(RandomValues random, int signatureSize) {
    this.random = random;
    this.signatureSize = signatureSize;
  }

  /** The generator behind the snapshots. */
  public RandomValues random() {
    return random;
  }

  /** {@code n} distinct random wire addresses, in their natural order. */
  public List<WireAddress> distinctWireAddresses(int n) {
    Set<WireAddress> out = new TreeSet<>();
    while (out.size() < n) {
      out.add(random.wireAddress(random.backendId()));
    }
    return List.copyOf(out);
  }

  /**
   * A new channel in phase INIT_ACTING with us ({@code self}) and {@code others} as participants, our index random
   * among them; mostly a ledger channel, sometimes a virtual one.
   */
  public PersistedChannel created(WireAddress self, List<WireAddress> others, Optional<ChannelId> parent) {
    int n = others.size() + 1;
    int ownIndex = random.between(0, n - 1);
    List<WireAddress> peers = new ArrayList<>(others);
    peers.add(ownIndex, self);
    Params params = random.chance(0.8) ? random.params(n) : random.virtualParams(n);
    return new PersistedChannel(random.channelId(), params, ownIndex, Phase.INIT_ACTING, Optional.empty(), Optional.empty(), peers, parent);
  }

  /** A channel of ours with 1..3 random other peers in {@code phase}. */
  public PersistedChannel channel(Phase phase) {
    return inPhase(created(random.wireAddress(0), distinctWireAddresses(random.between(1, 3)), Optional.empty()), phase);
  }

  /** A random state of channel {@code c} with {@code version}: the channel's app, one column per participant. */
  public State state(PersistedChannel c, long version, boolean isFinal) {
    int n = c.params().numParticipants();
    Bytes data = c.params().app().isPresent() ? random.bytes(random.between(0, 16)) : Bytes.EMPTY;
    return new State(c.id(), version, random.allocation(random.assets(), n, random.locked()), c.params().app(), data, isFinal);
  }

  /** {@code tx} with every empty slot signed. */
  public Transaction fullySigned(Transaction tx) {
    Transaction out = tx;
    for (int i = 0; i < tx.signatures().size(); i++) {
      if (!out.hasSignature(i)) {
        out = out.withSignature(i, random.signature(signatureSize));
      }
    }
    return out;
  }

  /** {@code state} with a random proper subset of its slots signed (none, some, all but one). */
  public Transaction partlySigned(State state) {
    Transaction tx = Transaction.unsigned(state);
    int n = tx.signatures().size();
    int skip = random.between(0, n - 1);
    for (int i = 0; i < n; i++) {
      if (i != skip && random.chance(0.5)) {
        tx = tx.withSignature(i, random.signature(signatureSize));
      }
    }
    return tx;
  }

  /** Channel {@code c} moved straight into {@code phase}, with transactions the state machine accepts there. */
  public PersistedChannel inPhase(PersistedChannel c, Phase phase) {
    long version = random.chance(0.3) ? 0 : random.between(1, 1000);
    Optional<Transaction> none = Optional.empty();
    return switch (phase) {
      case INIT_ACTING -> c.withState(phase, none, none);
      case INIT_SIGNING -> c.withState(phase, none, Optional.of(partlySigned(state(c, 0, false))));
      case FUNDING -> c.withState(phase, Optional.of(fullySigned(Transaction.unsigned(state(c, 0, false)))), none);
      case ACTING -> c.withState(phase, Optional.of(fullySigned(Transaction.unsigned(state(c, version, false)))), none);
      case REGISTERING, REGISTERED -> c.withState(phase, Optional.of(fullySigned(Transaction.unsigned(state(c, version, random.chance(0.3))))), none);
      case SIGNING -> c.withState(phase, Optional.of(fullySigned(Transaction.unsigned(state(c, version, false)))),
          Optional.of(partlySigned(state(c, version + 1, random.chance(0.3)))));
      case FINAL -> c.withState(phase, Optional.of(fullySigned(Transaction.unsigned(state(c, version, true)))), none);
      case PROGRESSING -> c.withState(phase, Optional.of(partlySigned(state(c, version, false))), Optional.of(partlySigned(state(c, version + 1, false))));
      case PROGRESSED, WITHDRAWING, WITHDRAWN -> c.withState(phase, Optional.of(random.chance(0.5) ? partlySigned(state(c, version, false))
          : fullySigned(Transaction.unsigned(state(c, version, random.chance(0.3))))), none);
    };
  }

  /**
   * Every snapshot of a channel's life, one per state-machine event: created, the version-0 state staged and
   * signed one signature at a time, enabled, funded, three updates (the second one discarded after our signature),
   * then either a final update and the withdrawal, or ({@code dispute}) registration, an on-chain progression and
   * the withdrawal. Together the two paths pass through every phase.
   */
  public List<PersistedChannel> life(PersistedChannel created, boolean dispute) {
    List<PersistedChannel> life = new ArrayList<>();
    PersistedChannel c = created;
    life.add(c);
    Optional<Transaction> none = Optional.empty();
    Transaction tx = Transaction.unsigned(state(c, 0, false));
    c = c.withState(Phase.INIT_SIGNING, none, Optional.of(tx));
    life.add(c);
    tx = signOneByOne(life, c, tx);
    c = c.withState(Phase.FUNDING, Optional.of(tx), none);
    life.add(c);
    c = c.withState(Phase.ACTING, Optional.of(tx), none);
    life.add(c);
    for (int update = 0; update < 3; update++) {
      Transaction next = Transaction.unsigned(state(c, tx.state().version() + 1, false));
      c = c.withState(Phase.SIGNING, Optional.of(tx), Optional.of(next));
      life.add(c);
      if (update == 1) {
        life.add(c.withState(Phase.SIGNING, Optional.of(tx), Optional.of(next.withSignature(c.ownIndex(), random.signature(signatureSize)))));
        c = c.withState(Phase.ACTING, Optional.of(tx), none);
        life.add(c);
        continue;
      }
      tx = signOneByOne(life, c, next);
      c = c.withState(Phase.ACTING, Optional.of(tx), none);
      life.add(c);
    }
    if (!dispute) {
      Transaction last = Transaction.unsigned(state(c, tx.state().version() + 1, true));
      c = c.withState(Phase.SIGNING, Optional.of(tx), Optional.of(last));
      life.add(c);
      tx = signOneByOne(life, c, last);
      c = c.withState(Phase.FINAL, Optional.of(tx), none);
      life.add(c);
    } else {
      c = c.withState(Phase.REGISTERING, Optional.of(tx), none);
      life.add(c);
      c = c.withState(Phase.REGISTERED, Optional.of(tx), none);
      life.add(c);
      Transaction progressed = Transaction.unsigned(state(c, tx.state().version() + 1, false)).withSignature(c.ownIndex(), random.signature(signatureSize));
      c = c.withState(Phase.PROGRESSING, Optional.of(tx), Optional.of(progressed));
      life.add(c);
      tx = progressed;
      c = c.withState(Phase.PROGRESSED, Optional.of(tx), none);
      life.add(c);
    }
    c = c.withState(Phase.WITHDRAWING, Optional.of(tx), none);
    life.add(c);
    life.add(c.withState(Phase.WITHDRAWN, Optional.of(tx), none));
    return life;
  }

  /** Signs {@code tx} slot by slot, our own first, adding a snapshot per signature; returns the fully signed tx. */
  private Transaction signOneByOne(List<PersistedChannel> life, PersistedChannel c, Transaction tx) {
    int n = tx.signatures().size();
    Transaction out = tx;
    for (int k = 0; k < n; k++) {
      out = out.withSignature((c.ownIndex() + k) % n, random.signature(signatureSize));
      life.add(c.withState(c.phase(), c.current(), Optional.of(out)));
    }
    return out;
  }
}
