// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.State;

/**
 * Decides on incoming channel updates. Called on an executor thread for every update that passed every check
 * (signature, version, actor, assets, sums, the app's rule); invalid ones are rejected before it.
 */
@FunctionalInterface
public interface UpdateHandler {
  /**
   * Handles an update from {@code current} to {@code update.state()}; must call exactly one of
   * {@code responder.accept} or {@code responder.reject}.
   */
  void handleUpdate(State current, IncomingUpdate update, UpdateResponder responder);

  /** A handler that accepts every valid update. */
  static UpdateHandler acceptAll() {
    return (current, update, responder) -> responder.accept();
  }

  /** A handler that rejects every update with {@code reason}. */
  static UpdateHandler rejectAll(String reason) {
    return (current, update, responder) -> responder.reject(reason);
  }
}
