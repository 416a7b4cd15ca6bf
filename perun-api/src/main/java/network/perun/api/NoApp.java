// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Optional;

/** The absent app of a plain payment channel: every transition the generic rules allow is valid; data is empty. */
public final class NoApp implements App {
  public static final NoApp INSTANCE = new NoApp();

  private NoApp() {}

  @Override
  public Optional<AppId> id() {
    return Optional.empty();
  }

  @Override
  public void validTransition(Params params, State from, State to, int actorIndex) {
    if (!to.data().isEmpty()) {
      throw new StateTransitionException("a channel without app carries no data, got " + to.data().length() + " bytes");
    }
  }

  @Override
  public void validInit(Params params, State state) {
    if (!state.data().isEmpty()) {
      throw new StateTransitionException("a channel without app carries no data, got " + state.data().length() + " bytes");
    }
  }

  @Override
  public String toString() {
    return "NoApp";
  }
}
