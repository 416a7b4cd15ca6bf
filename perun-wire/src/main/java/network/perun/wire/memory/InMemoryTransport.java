// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.memory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.message.Envelope;
import network.perun.api.spi.PeerUnreachableException;
import network.perun.api.spi.Transport;
import network.perun.wire.codec.PerunIoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process message bus for tests and the demo: every envelope is encoded and decoded with the wire codec
 * on the way, so what crosses it is exactly what would cross a real network.
 *
 * <p>One instance is shared by every client in the process. Each subscriber gets its envelopes in send order
 * on its own delivery thread, so a receiver that sends from its callback never re-enters the sender. Envelopes
 * for an address nobody subscribed to yet are kept (at most {@value #MAX_PENDING} per address) and delivered
 * once it subscribes.
 */
public final class InMemoryTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTransport.class);
  /** Envelopes kept per recipient before it subscribes, or while its receiver is busy. */
  public static final int MAX_PENDING = 4096;

  private final PerunIoCodec codec;
  private final Map<WireAddress, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private volatile Predicate<Envelope> filter = env -> true;
  private volatile boolean closed;

  public InMemoryTransport(PerunIoCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Drops every envelope for which {@code filter} is false (a test's way to cut a peer off); the default passes
   * everything.
   */
  public void setFilter(Predicate<Envelope> filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void send(Envelope envelope) {
    if (closed) {
      throw new PeerUnreachableException(envelope.recipient(), "the in-memory transport is closed");
    }
    if (!filter.test(envelope)) {
      LOG.debug("filter dropped {} from {} to {}", envelope.message().type(), envelope.sender(), envelope.recipient());
      return;
    }
    Envelope copy;
    try {
      copy = codec.decode(codec.encode(envelope));
    } catch (MalformedMessageException e) {
      throw new IllegalStateException("the codec could not round-trip its own encoding of " + envelope.message().type(), e);
    }
    mailbox(envelope.recipient()).offer(copy);
  }

  @Override
  public AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver) {
    Objects.requireNonNull(receiver, "receiver");
    Mailbox box = mailbox(self);
    Thread subscription = box.attach(receiver);
    return () -> box.detach(subscription);
  }

  private Mailbox mailbox(WireAddress address) {
    return mailboxes.computeIfAbsent(address, Mailbox::new);
  }

  @Override
  public void close() {
    closed = true;
    mailboxes.values().forEach(box -> box.detach(null));
  }

  /** The queue and delivery thread of one address. */
  private static final class Mailbox {
    private final WireAddress address;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Deque<Envelope> queue = new ArrayDeque<>();
    private Consumer<Envelope> receiver;
    private Thread worker;

    Mailbox(WireAddress address) {
      this.address = address;
    }

    void offer(Envelope env) {
      lock.lock();
      try {
        if (queue.size() >= MAX_PENDING) {
          LOG.warn("mailbox of {} is full, dropping {}", address, env.message().type());
          return;
        }
        queue.add(env);
        ready.signal();
      } finally {
        lock.unlock();
      }
    }

    /** Starts delivering to {@code newReceiver}; the delivery thread stands for the subscription. */
    Thread attach(Consumer<Envelope> newReceiver) {
      lock.lock();
      try {
        InvalidValueException.check(receiver == null, "%s already has a subscriber", address);
        receiver = newReceiver;
        Thread t = Thread.ofVirtual().name("in-memory-delivery-" + address.bytes().toHex().substring(0, 8)).unstarted(this::deliverLoop);
        worker = t;
        t.start();
        return t;
      } finally {
        lock.unlock();
      }
    }

    /** Ends {@code subscription}, or whatever subscription there is if null; a later subscription is left alone. */
    void detach(Thread subscription) {
      Thread t;
      lock.lock();
      try {
        if (subscription != null && worker != subscription) {
          return;
        }
        receiver = null;
        t = worker;
        worker = null;
        ready.signalAll();
      } finally {
        lock.unlock();
      }
      if (t != null && t != Thread.currentThread()) {
        t.interrupt();
      }
    }

    private void deliverLoop() {
      while (true) {
        Envelope env;
        Consumer<Envelope> target;
        lock.lock();
        try {
          while (receiver != null && queue.isEmpty() && worker == Thread.currentThread()) {
            ready.await();
          }
          if (receiver == null || worker != Thread.currentThread()) {
            return;
          }
          env = queue.poll();
          target = receiver;
        } catch (InterruptedException e) {
          return;
        } finally {
          lock.unlock();
        }
        try {
          target.accept(env);
        } catch (RuntimeException e) {
          LOG.warn("receiver of {} failed on {}: {}", address, env.message().type(), e.toString());
        }
      }
    }
  }
}
