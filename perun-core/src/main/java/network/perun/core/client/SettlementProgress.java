// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

/** A step of {@link Channel#settle(java.time.Duration, boolean, java.util.function.Consumer)}, for a caller that shows progress. */
public sealed interface SettlementProgress {
  /** The version the channel settles on. */
  long version();

  /** Our latest state is registered on chain; the challenge period ends at chain time {@code timeoutAt} (seconds). */
  record Registered(long version, long timeoutAt) implements SettlementProgress {}

  /** The channel is concluded on chain with {@code version}; its outcome is fixed. */
  record Concluded(long version) implements SettlementProgress {}

  /** Our share is withdrawn. */
  record Withdrawn(long version) implements SettlementProgress {}
}
