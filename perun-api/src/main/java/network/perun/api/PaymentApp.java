// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The payment app (go-perun's {@code apps/payment}): the actor may lower only its own balances, never anyone
 * else's, and the data is empty.
 *
 * <p>{@link NoApp} accepts any redistribution both parties sign; this app adds the rule that nobody can be
 * made to pay by the other's proposal.
 */
public final class PaymentApp implements App {
  private final AppId id;

  public PaymentApp(AppId id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  @Override
  public Optional<AppId> id() {
    return Optional.of(id);
  }

  @Override
  public void validTransition(Params params, State from, State to, int actorIndex) {
    if (!to.data().isEmpty()) {
      throw new StateTransitionException("payment app carries no data, got " + to.data().length() + " bytes");
    }
    Balances before = from.allocation().balances();
    Balances after = to.allocation().balances();
    for (int a = 0; a < before.numAssets(); a++) {
      for (int p = 0; p < before.numParticipants(); p++) {
        if (p != actorIndex && after.get(a, p).compareTo(before.get(a, p)) < 0) {
          throw new StateTransitionException(String.format(
              "payment app: actor %d lowered participant %d's balance of asset %d from %s to %s", actorIndex, p, a, before.get(a, p), after.get(a, p)));
        }
      }
    }
  }

  @Override
  public void validInit(Params params, State state) {
    if (!state.data().isEmpty()) {
      throw new StateTransitionException("payment app carries no data, got " + state.data().length() + " bytes");
    }
  }

  @Override
  public String toString() {
    return "PaymentApp(" + id + ")";
  }
}
