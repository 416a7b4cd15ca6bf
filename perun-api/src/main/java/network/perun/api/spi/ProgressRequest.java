// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.Objects;
import network.perun.api.Signature;
import network.perun.api.State;

/** A request to advance a registered app channel on chain: the registered transaction, the next state and the actor's signature. */
public record ProgressRequest(AdjudicatorRequest request, State newState, int actorIndex, Signature signature) {
  public ProgressRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(newState, "newState");
    Objects.requireNonNull(signature, "signature");
  }
}
