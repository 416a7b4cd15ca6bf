// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A state with one signature slot per participant; a slot may still be empty.
 *
 * <p>A channel's current transaction is fully signed; its staging transaction collects signatures.
 */
public record Transaction(State state, List<Optional<Signature>> signatures) {
  public Transaction {
    Objects.requireNonNull(state, "state");
    signatures = List.copyOf(signatures);
    InvalidValueException.check(signatures.size() == state.allocation().numParticipants(),
        "transaction has %d signature slots for %d participants", signatures.size(), state.allocation().numParticipants());
  }

  /** A transaction of {@code state} with every slot empty. */
  public static Transaction unsigned(State state) {
    return new Transaction(state, Collections.nCopies(state.allocation().numParticipants(), Optional.empty()));
  }

  /** A copy with slot {@code index} set to {@code signature}. */
  public Transaction withSignature(int index, Signature signature) {
    Objects.checkIndex(index, signatures.size());
    List<Optional<Signature>> copy = new ArrayList<>(signatures);
    copy.set(index, Optional.of(signature));
    return new Transaction(state, copy);
  }

  /** Whether slot {@code index} holds a signature. */
  public boolean hasSignature(int index) {
    return signatures.get(index).isPresent();
  }

  /** Whether every slot holds a signature. */
  public boolean isFullySigned() {
    for (Optional<Signature> s : signatures) {
      if (s.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The signatures of a fully signed transaction, in participant order. */
  public List<Signature> fullSignatures() {
    List<Signature> out = new ArrayList<>(signatures.size());
    for (int i = 0; i < signatures.size(); i++) {
      int index = i;
      out.add(signatures.get(i).orElseThrow(() -> new InvalidValueException("signature " + index + " of version " + state.version() + " is missing")));
    }
    return List.copyOf(out);
  }
}
