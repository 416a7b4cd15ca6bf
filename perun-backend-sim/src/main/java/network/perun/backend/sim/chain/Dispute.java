// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.State;

/**
 * The simulated adjudicator's record of one channel, like the contract's {@code disputes[channelID]} entry.
 *
 * <p>The contract stores only the state's hash; the simulation keeps the state itself, and two states count as
 * the same exactly when they are equal.
 *
 * @param channelId the channel
 * @param timeout the end of the current phase in chain seconds (see {@link SimChain} for the rules)
 * @param challengeDuration the channel's challenge duration in seconds
 * @param version the version of {@link #state()}
 * @param phase the dispute phase
 * @param state the registered, progressed or concluded state
 * @param hasApp whether the channel has an app
 */
public record Dispute(ChannelId channelId, long timeout, long challengeDuration, long version, DisputePhase phase, State state, boolean hasApp) {
  public Dispute {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(state, "state");
  }

  /**
   * The chain time from which {@code conclude} succeeds: the timeout, plus one more challenge duration for an app
   * channel still in {@link DisputePhase#DISPUTE} (the force-execution window nobody used).
   */
  public long concludableAt() {
    if (phase == DisputePhase.DISPUTE && hasApp) {
      return saturatedAdd(timeout, challengeDuration);
    }
    return timeout;
  }

  /** Whether the channel is concluded. */
  public boolean isConcluded() {
    return phase == DisputePhase.CONCLUDED;
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
