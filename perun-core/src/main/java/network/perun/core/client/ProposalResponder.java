// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.time.Duration;
import network.perun.api.Address;

/**
 * The answer to one incoming channel proposal: call {@link #accept} or {@link #reject}, exactly once. A second
 * call throws {@link IllegalStateException}.
 */
public interface ProposalResponder {
  /**
   * Accepts the proposal with {@code participant} as our on-chain address, exchanges the initial signatures and
   * funds the channel; returns the open channel.
   *
   * @throws IllegalStateException if this responder was already used
   * @throws ChannelFundingException if funding failed; it carries the channel so its deposits can be recovered
   * @throws RequestTimeoutException if the proposer stopped answering
   * @throws InterruptedException if the calling thread was interrupted (the opening is abandoned)
   */
  Channel accept(Address participant, Duration timeout) throws InterruptedException;

  /**
   * Rejects the proposal; the proposer gets {@code reason}.
   *
   * @throws IllegalStateException if this responder was already used
   */
  void reject(String reason);
}
