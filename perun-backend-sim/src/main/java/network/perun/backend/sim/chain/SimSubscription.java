// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import network.perun.api.ChannelId;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.SubscriptionClosedException;

/**
 * A subscription to one channel's events on a {@link SimChain}: the most recent past event first, then every
 * later one in order.
 *
 * <p>{@link #next(Duration)} waits in real time, since it reads an event queue; the events' timeouts are chain
 * time of the chain's {@link SimClock}.
 */
final class SimSubscription implements AdjudicatorSubscription {
  private final ChannelId channelId;
  private final SimClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<AdjudicatorEvent> queue = new ArrayDeque<>();
  private final ListenerHandle handle;
  private boolean closed;

  SimSubscription(SimChain chain, ChannelId channelId) {
    this.channelId = Objects.requireNonNull(channelId, "channelId");
    this.clock = chain.clock();
    this.handle = chain.atomically(() -> {
      chain.lastEvent(channelId).ifPresent(this::offer);
      return chain.addListener(channelId, this::offer);
    });
  }

  private void offer(DisputeEvent event) {
    AdjudicatorEvent converted = convert(event);
    lock.lock();
    try {
      if (!closed) {
        queue.add(converted);
        available.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private AdjudicatorEvent convert(DisputeEvent event) {
    return switch (event) {
      case DisputeEvent.Registered r -> new AdjudicatorEvent.Registered(
          r.channelId(), r.version(), clock.timeout(r.timeout()), r.signedState().state(), r.signedState().signatures());
      case DisputeEvent.Progressed p -> new AdjudicatorEvent.Progressed(
          p.channelId(), p.version(), clock.timeout(p.timeout()), p.state(), p.actorIndex());
      case DisputeEvent.Concluded c -> new AdjudicatorEvent.Concluded(c.channelId(), c.version(), clock.timeout(c.timeout()));
    };
  }

  @Override
  public Optional<AdjudicatorEvent> next(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        if (closed) {
          throw new SubscriptionClosedException("subscription to channel " + channelId.shortHex());
        }
        AdjudicatorEvent event = queue.poll();
        if (event != null) {
          return Optional.of(event);
        }
        if (nanos <= 0) {
          return Optional.empty();
        }
        nanos = available.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void close() {
    handle.close();
    lock.lock();
    try {
      closed = true;
      queue.clear();
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SimSubscription(" + channelId.shortHex() + ")";
  }
}
