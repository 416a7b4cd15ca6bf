// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.State;

/**
 * The signed digests of the states a channel backend handled last, by {@link State} instance, so a state that is
 * signed and then checked (the proposer of an update signs it, then checks the peer's signature of the same
 * instance; the responder checks the proposal, then signs it) is ABI-encoded and hashed once, not twice.
 *
 * <pre>
 * slot(state) = identityHashCode(state) mod {@value #SLOTS}     one entry per slot, the latest wins
 * hit         iff the slot's entry holds this very instance (==), never an equal one
 * </pre>
 *
 * <p>Safe because a {@code State} is immutable: an instance's digest never changes. Thread-safe without locks: a
 * slot holds an immutable entry whose fields are final, so a thread sees either no entry or a complete one; a lost
 * race only costs a recomputation. It keeps at most {@value #SLOTS} states reachable. The returned arrays are shared:
 * callers only read them.
 */
final class StateDigests {
  static final int SLOTS = 2048;

  private record Entry(State state, byte[] digest) {}

  private final Entry[] slots = new Entry[SLOTS];

  /**
   * The digest that is signed for {@code state}: {@code EthSignatures.digest(PerunAbi.encode(state))}.
   *
   * @throws network.perun.api.InvalidValueException if the state does not fit the contract's types
   */
  byte[] of(State state) {
    int slot = System.identityHashCode(state) & (SLOTS - 1);
    Entry entry = slots[slot];
    if (entry != null && entry.state() == state) {
      return entry.digest();
    }
    byte[] digest = EthSignatures.digest(PerunAbi.encode(state));
    slots[slot] = new Entry(state, digest);
    return digest;
  }
}
