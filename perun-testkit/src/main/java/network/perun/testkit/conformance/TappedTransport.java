// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;
import network.perun.api.spi.Transport;

/**
 * A transport decorator that records every envelope delivered to its subscriber, so a test can see what a party
 * received (for example the rejection of a forged update), after the party handled it.
 */
public final class TappedTransport implements Transport {
  private final Transport inner;
  private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();

  public TappedTransport(Transport inner) {
    this.inner = inner;
  }

  @Override
  public void send(Envelope envelope) {
    inner.send(envelope);
  }

  @Override
  public AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver) {
    return inner.subscribe(self, env -> {
      try {
        receiver.accept(env);
      } finally {
        received.add(env); // recorded once the subscriber handled it, so a test sees its effects
      }
    });
  }

  /** The next received envelope that matches {@code filter}, waiting up to {@code timeout}; others are skipped. */
  public Optional<Envelope> next(Predicate<Envelope> filter, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      Envelope env = received.poll(left, TimeUnit.NANOSECONDS);
      if (env == null) {
        return Optional.empty();
      }
      if (filter.test(env)) {
        return Optional.of(env);
      }
    }
  }

  /** Does not close the shared inner transport. */
  @Override
  public void close() {}
}
