// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.State;

/**
 * Decides on incoming channel updates. Called on the channel's message thread (a thread of the client's executor
 * that handles this channel's messages one at a time, in arrival order) for every update that passed every check
 * (signature, version, actor, assets, sums, the app's rule); invalid ones are rejected before it.
 *
 * <p>The handler may answer at once or later, from any thread. While it runs, the channel's later messages wait,
 * so a handler that must ask a person or another service should return and answer later: an update not answered
 * within the client's response timeout after the handler returned is rejected for it. An answer after that is
 * refused with a {@link RequestTimeoutException}.
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
