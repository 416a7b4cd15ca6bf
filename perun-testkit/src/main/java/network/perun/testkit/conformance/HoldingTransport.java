// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;
import network.perun.api.spi.Transport;

/**
 * A transport decorator that holds back the outgoing envelopes matching a predicate until the test releases
 * them, to stage races (two updates crossing on the wire) deterministically.
 */
public final class HoldingTransport implements Transport {
  private final Transport inner;
  private final List<Envelope> held = new ArrayList<>();
  private Predicate<Envelope> hold = env -> false;

  public HoldingTransport(Transport inner) {
    this.inner = inner;
  }

  /** From now on, holds every outgoing envelope matching {@code predicate}. */
  public synchronized void hold(Predicate<Envelope> predicate) {
    this.hold = predicate;
  }

  /** How many envelopes are held. */
  public synchronized int heldCount() {
    return held.size();
  }

  /** Stops holding and sends every held envelope, in order. */
  public void release() {
    List<Envelope> out;
    synchronized (this) {
      hold = env -> false;
      out = new ArrayList<>(held);
      held.clear();
    }
    out.forEach(inner::send);
  }

  @Override
  public void send(Envelope envelope) {
    synchronized (this) {
      if (hold.test(envelope)) {
        held.add(envelope);
        notifyAll();
        return;
      }
    }
    inner.send(envelope);
  }

  /** Waits until at least {@code n} envelopes are held (bounded by {@code millis}). */
  public synchronized boolean awaitHeld(int n, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (held.size() < n) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  @Override
  public AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver) {
    return inner.subscribe(self, receiver);
  }

  /** Does not close the shared inner transport. */
  @Override
  public void close() {}
}
