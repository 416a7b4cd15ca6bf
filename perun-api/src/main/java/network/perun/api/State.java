// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One version of a channel's off-chain state: what every participant signs.
 *
 * @param channelId the channel this state belongs to
 * @param version 0 for the initial state, + 1 per update
 * @param allocation the distribution of funds
 * @param app the channel's app, empty for none (kept so the data can be interpreted)
 * @param data the app's data in its own stable encoding; empty without app
 * @param isFinal whether this state ends the channel: it cannot be updated and can be settled at once
 */
public record State(ChannelId channelId, long version, Allocation allocation, Optional<AppId> app, Bytes data, boolean isFinal) {
  public State {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(data, "data");
    InvalidValueException.check(version >= 0, "version must not be negative: %d", version);
    InvalidValueException.check(data.length() <= Address.MAX_LENGTH, "app data must be at most %d bytes, got %d", Address.MAX_LENGTH, data.length());
  }

  /** The version-0 state of a channel without app data. */
  public static State initial(ChannelId channelId, Allocation allocation, Optional<AppId> app) {
    return new State(channelId, 0, allocation, app, Bytes.EMPTY, false);
  }

  /** A copy with another allocation. */
  public State withAllocation(Allocation newAllocation) {
    return new State(channelId, version, newAllocation, app, data, isFinal);
  }

  /** A copy with other balances. */
  public State withBalances(Balances balances) {
    return withAllocation(allocation.withBalances(balances));
  }

  /** A copy with another version. */
  public State withVersion(long newVersion) {
    return new State(channelId, newVersion, allocation, app, data, isFinal);
  }

  /** A copy with the final flag set or cleared. */
  public State withFinal(boolean newIsFinal) {
    return new State(channelId, version, allocation, app, data, newIsFinal);
  }

  /** A copy with other app data. */
  public State withData(Bytes newData) {
    return new State(channelId, version, allocation, app, newData, isFinal);
  }

  /** The balances of the allocation. */
  public Balances balances() {
    return allocation.balances();
  }
}
