// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

/**
 * The answer to one incoming update: call {@link #accept()} or {@link #reject(String)}, exactly once. A second
 * call throws {@link IllegalStateException}.
 */
public interface UpdateResponder {
  /**
   * Signs the update and tells the proposer; the new state is enabled when this returns.
   *
   * @throws IllegalStateException if this responder was already used
   * @throws RequestTimeoutException if the answer came after the response deadline (the update was rejected)
   */
  void accept();

  /**
   * Rejects the update with {@code reason}; the channel stays on its current state.
   *
   * @throws IllegalStateException if this responder was already used
   */
  void reject(String reason);
}
