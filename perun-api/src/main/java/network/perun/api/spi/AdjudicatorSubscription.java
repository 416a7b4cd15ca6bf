// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.time.Duration;
import java.util.Optional;
import network.perun.api.chain.AdjudicatorEvent;

/**
 * A stream of {@link AdjudicatorEvent}s of one channel.
 *
 * <p>It first delivers the most recent past event, if any, so a subscriber can never miss a registration that
 * happened before it subscribed (go-perun #207). Later events follow in order; an event may be skipped only in
 * favour of a newer one of the same channel.
 */
public interface AdjudicatorSubscription extends AutoCloseable {
  /**
   * The next event, waiting up to {@code timeout}; empty on timeout.
   *
   * @throws SubscriptionClosedException once the subscription is closed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  Optional<AdjudicatorEvent> next(Duration timeout) throws InterruptedException;

  /** Ends the subscription; a thread blocked in {@link #next} returns with {@link SubscriptionClosedException}. */
  @Override
  void close();
}
