// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

/**
 * Deposits a participant's share of a new channel on chain.
 *
 * <p>{@link #fund} deposits our share of every asset and then waits until every participant has funded theirs
 * (go-perun #165: it must wait). It is idempotent: calling it again after a restart does not deposit twice.
 */
public interface Funder {
  /**
   * Deposits our share and waits until the channel is fully funded.
   *
   * @throws network.perun.api.chain.FundingTimeoutException if some participants did not fund in time (chain
   *     time), naming them per asset; our deposit stays and is returned by settling the channel
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  void fund(FundingRequest request) throws InterruptedException;
}
