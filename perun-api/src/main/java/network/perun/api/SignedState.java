// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.List;
import java.util.Objects;

/** A state with its params and every participant's signature: what an adjudicator accepts. */
public record SignedState(Params params, State state, List<Signature> signatures) {
  public SignedState {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(state, "state");
    signatures = List.copyOf(signatures);
    InvalidValueException.check(signatures.size() == params.numParticipants(), "%d signatures for %d participants", signatures.size(), params.numParticipants());
  }
}
