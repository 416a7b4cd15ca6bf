// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.List;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.ChannelId;
import java.util.Map;

/**
 * The on-chain judge of channels: registers disputed states, advances app channels, concludes and pays out.
 *
 * <p>The Ethereum backend implements it with the Adjudicator and AssetHolder contracts, the simulated backend
 * with the same rules in memory. Every method blocks until its transaction is confirmed and is safe to call
 * again after a failure or restart.
 */
public interface Adjudicator {
  /**
   * Registers {@code request.transaction()} (and the states of sub-channels) for a dispute. A final state is
   * concluded at once instead. Registering a state that is already registered is a no-op.
   *
   * @throws network.perun.api.chain.AdjudicatorException if the chain refuses it (for example an older version
   *     than the registered one after the challenge period)
   */
  void register(AdjudicatorRequest request, List<SignedState> subChannels) throws InterruptedException;

  /**
   * Makes sure the channel is concluded with {@code request.transaction()} (concluding it if needed, after its
   * timeout; a final state concludes at once) and withdraws our share to our account. Withdrawing again is
   * harmless and sends nothing.
   *
   * @throws network.perun.api.chain.AdjudicatorException if the chain concluded a different version or refuses
   */
  void withdraw(AdjudicatorRequest request, Map<ChannelId, State> subStates) throws InterruptedException;

  /** Advances a registered app channel on chain by one move. */
  void progress(ProgressRequest request) throws InterruptedException;

  /** Subscribes to the events of one channel, starting with the most recent past one. */
  AdjudicatorSubscription subscribe(ChannelId channelId);
}
