// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envelopes a node received and not yet handed to its subscriber, and the delivery thread that hands them
 * over in arrival order.
 *
 * <p>Without a subscriber, up to {@code capacity} envelopes are kept for the next one and later ones are dropped;
 * with a subscriber that falls behind, {@link #put} waits, which stops reading from the connection and so slows
 * the sending peer down (TCP back pressure) instead of losing envelopes.
 */
final class Inbox {
  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  private final WireAddress self;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Deque<Envelope> queue = new ArrayDeque<>();
  private Consumer<Envelope> receiver;
  private Thread worker;
  private boolean closed;

  Inbox(WireAddress self, int capacity) {
    this.self = self;
    this.capacity = capacity;
  }

  /** Queues {@code envelope} for delivery; waits while a subscriber is attached and the queue is full. */
  void put(Envelope envelope) throws InterruptedException {
    lock.lock();
    try {
      while (queue.size() >= capacity && receiver != null && !closed) {
        changed.await();
      }
      if (closed) {
        return;
      }
      if (queue.size() >= capacity) {
        LOG.warn("{} has no subscriber and {} envelopes waiting: dropped {} from {}", self, capacity, envelope.message().type(), envelope.sender());
        return;
      }
      queue.add(envelope);
      if (queue.size() == 1) {
        changed.signalAll(); // the delivery thread waits only for an empty queue to fill
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts delivering to {@code newReceiver}, the kept envelopes first.
   *
   * @throws InvalidValueException if there is a subscriber already, or the transport is closed
   */
  AutoCloseable attach(Consumer<Envelope> newReceiver) {
    Thread t;
    lock.lock();
    try {
      InvalidValueException.check(!closed, "the TCP transport of %s is closed", self);
      InvalidValueException.check(receiver == null, "%s already has a subscriber", self);
      receiver = newReceiver;
      t = Thread.ofVirtual().name("perun-tcp-delivery").unstarted(this::deliverLoop);
      worker = t;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    t.start();
    return () -> detach(t);
  }

  private void detach(Thread subscription) {
    lock.lock();
    try {
      if (worker != subscription) {
        return;
      }
      receiver = null;
      worker = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops delivery for good and drops what is queued. */
  void close() {
    lock.lock();
    try {
      closed = true;
      receiver = null;
      worker = null;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void deliverLoop() {
    Thread me = Thread.currentThread();
    while (true) {
      Envelope envelope;
      Consumer<Envelope> target;
      lock.lock();
      try {
        while (worker == me && queue.isEmpty()) {
          changed.awaitUninterruptibly();
        }
        if (worker != me) {
          return;
        }
        if (queue.size() >= capacity) {
          changed.signalAll(); // a reader may wait for room
        }
        envelope = queue.poll();
        target = receiver;
      } finally {
        lock.unlock();
      }
      try {
        target.accept(envelope);
      } catch (RuntimeException e) {
        LOG.warn("the subscriber of {} failed on {} from {}: {}", self, envelope.message().type(), envelope.sender(), e.toString());
      }
    }
  }
}
