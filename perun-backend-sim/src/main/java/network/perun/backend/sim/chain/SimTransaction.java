// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.util.Objects;
import network.perun.api.Address;
import network.perun.api.ChannelId;

/**
 * One successful state-changing call recorded by the {@link SimChain}: what a mined transaction is on a real
 * chain.
 *
 * @param number the position in the chain's log, from 0
 * @param time the chain time at which it ran
 * @param sender who sent it (and would have paid for it)
 * @param kind the called operation
 * @param channelId the channel it concerned
 */
public record SimTransaction(long number, long time, Address sender, Kind kind, ChannelId channelId) {
  public SimTransaction {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channelId, "channelId");
  }

  /** The operations that send a transaction. */
  public enum Kind {
    DEPOSIT,
    REGISTER,
    PROGRESS,
    CONCLUDE,
    CONCLUDE_FINAL,
    WITHDRAW
  }
}
