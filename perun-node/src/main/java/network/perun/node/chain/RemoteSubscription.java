// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.SubscriptionClosedException;

/**
 * A subscription to one channel's events on a remote simulated chain: the most recent past event first, then
 * every later one in order, read by long-polling {@code /events}.
 *
 * <p>Not for concurrent readers (the watcher reads from one thread). {@link #close()} wakes a blocked
 * {@link #next}, which then throws {@link SubscriptionClosedException}.
 */
final class RemoteSubscription implements AdjudicatorSubscription {
  private final RemoteChain chain;
  private final ChannelId channel;
  private final ArrayDeque<AdjudicatorEvent> queue = new ArrayDeque<>();
  private final CompletableFuture<JsonNode> closed = new CompletableFuture<>();
  private int next = -1;
  private volatile CompletableFuture<JsonNode> poll;

  RemoteSubscription(RemoteChain chain, ChannelId channel) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  @Override
  public synchronized Optional<AdjudicatorEvent> next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    while (true) {
      if (closed.isDone()) {
        throw new SubscriptionClosedException("subscription to channel " + channel.shortHex() + " on " + chain.url());
      }
      AdjudicatorEvent event = queue.poll();
      if (event != null) {
        return Optional.of(event);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 && next >= 0) {
        return Optional.empty();
      }
      CompletableFuture<JsonNode> current = poll;
      if (current == null) {
        long wait = next < 0 ? 0 : Math.min(TimeUnit.NANOSECONDS.toMillis(left), RemoteChain.LONG_POLL.toMillis());
        current = chain.getAsync("/events?channel=" + channel.bytes().toHex() + "&after=" + Math.max(next, 0) + "&waitMs=" + wait);
        poll = current;
      }
      JsonNode answer;
      try {
        // The first poll (the past events) is awaited whatever the timeout, so a subscriber never misses them.
        long waitNanos = next < 0 ? TimeUnit.SECONDS.toNanos(60) : left;
        answer = (JsonNode) CompletableFuture.anyOf(current, closed).get(waitNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (next < 0) {
          poll = null;
          throw new PerunException("the chain service at " + chain.url() + " did not list the events of channel " + channel.shortHex() + " within 60 s");
        }
        continue; // the poll stays outstanding for the next call
      } catch (ExecutionException | CancellationException e) {
        poll = null;
        if (closed.isDone()) {
          continue;
        }
        Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
        if (cause instanceof PerunException pe) {
          throw pe;
        }
        throw new PerunException("reading the events of channel " + channel.shortHex() + " failed: " + cause, cause);
      }
      if (closed.isDone()) {
        continue;
      }
      poll = null;
      accept(answer);
    }
  }

  private static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return Math.min(d.toNanos(), TimeUnit.DAYS.toNanos(365));
    } catch (ArithmeticException e) {
      return TimeUnit.DAYS.toNanos(365);
    }
  }

  private void accept(JsonNode answer) {
    JsonNode events = answer.path("events");
    boolean first = next < 0;
    int count = events.size();
    for (int i = first ? Math.max(0, count - 1) : 0; i < count; i++) {
      queue.add(chain.event(channel, events.get(i)));
    }
    next = (int) ChainCodec.integer(answer, "next");
  }

  @Override
  public void close() {
    closed.complete(null);
    CompletableFuture<JsonNode> p = poll;
    if (p != null) {
      p.cancel(true);
    }
  }

  @Override
  public String toString() {
    return "RemoteSubscription(" + channel.shortHex() + ", " + chain.url() + ")";
  }
}
