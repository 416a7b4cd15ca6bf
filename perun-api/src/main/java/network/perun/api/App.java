// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Optional;

/**
 * The rules of a channel application: which states may follow which.
 *
 * <p>A payment channel uses {@link NoApp}. An app is identified by its {@link AppId} and found through an
 * {@link AppRegistry}. Implementations must be stateless and thread-safe; app data is carried in
 * {@link State#data()} as the app's own stable binary encoding.
 */
public interface App {
  /** The app's ID; empty only for {@link NoApp}. */
  Optional<AppId> id();

  /**
   * Checks that {@code to} may follow {@code from} when participant {@code actorIndex} acts. The framework has
   * already checked the generic rules (same channel, version + 1, equal sums).
   *
   * @throws StateTransitionException if the transition is not allowed, with the reason
   */
  void validTransition(Params params, State from, State to, int actorIndex);

  /**
   * Checks that {@code state} is a valid initial (version 0) state.
   *
   * @throws StateTransitionException if it is not
   */
  void validInit(Params params, State state);
}
