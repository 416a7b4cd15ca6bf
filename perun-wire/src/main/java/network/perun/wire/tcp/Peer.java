// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import network.perun.api.WireAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node knows about one remote identity: the bounded queue of frames to send it, the one connection in
 * use, and the dial in flight.
 *
 * <p><b>One connection per pair of peers.</b> When both sides dial at once, the connection dialed by the smaller
 * identity ({@link WireAddress#compareTo}) is kept and the other closed, on both sides alike. The listener
 * decides, before it answers the dialer's authentication, and the dialer takes every answered connection as the
 * one in use:
 *
 * <ul>
 *   <li>no connection in use and no dial of our own in flight: accept;
 *   <li>the connection in use was dialed by the same peer: accept and retire the old one (the peer dialed again,
 *       so it has given the old one up);
 *   <li>the connection in use, or the dial in flight, is ours: the smaller identity's wins, so accept if the peer
 *       is smaller and refuse (close without an answer) if we are. A refusal also sends a keep-alive frame down
 *       the connection in use, so a connection the peer has silently lost fails soon and the peer's next dial
 *       succeeds.
 * </ul>
 *
 * <p><b>Order across a switch.</b> A retired connection is closed gracefully: its writer finishes the write it is
 * writing and stops, then TLS close_notify tells the other side that nothing more comes; its reader reads on to
 * that point. Only one writer per peer runs at a time ({@link #writerTurn}), and the successor's reader delivers
 * nothing before its predecessor's reader has ended, so per-sender order holds across the switch.
 *
 * <p><b>Forgetting.</b> A peer with no connection (not even a retired one still closing), no dial in flight and
 * nothing queued may be {@link #forgetIfIdle forgotten}: it is marked so under its lock and the node drops it from
 * its table; a send or an incoming connection that still holds it is told ({@link #FORGOTTEN},
 * {@link Admission#FORGOTTEN}) and starts over with a new one.
 */
final class Peer {
  private static final Logger LOG = LoggerFactory.getLogger(Peer.class);

  /** What {@link #enqueue} returns when the queue is full. */
  static final CompletableFuture<Void> FULL = new CompletableFuture<>();
  /** What {@link #enqueue} returns when this peer was forgotten: the sender must use a new one. */
  static final CompletableFuture<Void> FORGOTTEN = new CompletableFuture<>();
  /** What {@link #enqueue} returns when a connection is in use. */
  private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

  /** What {@link #admitIncoming} decided. */
  enum Admission {
    ACCEPTED,
    REFUSED,
    /** This peer was forgotten: admit the connection to a new one. */
    FORGOTTEN
  }

  final WireAddress address;
  /** Held by the one writer thread that may write this peer's frames. */
  final Semaphore writerTurn = new Semaphore(1);

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
  private Connection current;
  private CompletableFuture<Void> dial;
  /** Connections installed and not yet gone, the one in use and retired ones. */
  private int live;
  /** When this peer was first seen idle by {@link #forgetIfIdle}, or 0. */
  private long idleSince;
  private boolean forgotten;

  Peer(WireAddress address, int capacity) {
    this.address = address;
    this.capacity = capacity;
  }

  /**
   * Queues {@code frame} and returns what the sender waits for: done if a connection is in use, else the dial in
   * flight, else a dial started by {@code dialer}; {@link #FULL} if the queue is full, {@link #FORGOTTEN} if this
   * peer was forgotten.
   */
  CompletableFuture<Void> enqueue(byte[] frame, Supplier<CompletableFuture<Void>> dialer) {
    lock.lock();
    try {
      if (forgotten) {
        return FORGOTTEN;
      }
      if (outbox.size() >= capacity) {
        return FULL;
      }
      idleSince = 0;
      outbox.add(frame);
      if (outbox.size() == 1) {
        changed.signalAll(); // a writer waits only for an empty queue to fill
      }
      if (isConnectedLocked()) {
        return READY;
      }
      if (dial == null) {
        dial = dialer.get();
      }
      return dial;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a keep-alive frame for {@code c} if it is the connection in use and nothing is queued; whether it did.
   */
  boolean offerKeepAlive(Connection c) {
    lock.lock();
    try {
      if (current != c || c.isClosed() || !outbox.isEmpty()) {
        return false;
      }
      outbox.add(Frames.KEEP_ALIVE);
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets this peer if it has had no connection, no dial and nothing queued since a call at least
   * {@code afterNanos} before {@code now}; whether it did. The caller then drops it from the node's table.
   */
  boolean forgetIfIdle(long now, long afterNanos) {
    lock.lock();
    try {
      if (forgotten) {
        return true;
      }
      if (live > 0 || dial != null || !outbox.isEmpty()) {
        idleSince = 0;
        return false;
      }
      if (idleSince == 0) {
        idleSince = now == 0 ? 1 : now;
        return false;
      }
      forgotten = now - idleSince >= afterNanos;
      return forgotten;
    } finally {
      lock.unlock();
    }
  }

  boolean isConnected() {
    lock.lock();
    try {
      return isConnectedLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code c} is the connection in use. */
  boolean isCurrent(Connection c) {
    lock.lock();
    try {
      return current == c;
    } finally {
      lock.unlock();
    }
  }

  private boolean isConnectedLocked() {
    return current != null && !current.isClosed();
  }

  /** Waits up to {@code timeout} for a connection in use; whether there is one. */
  boolean awaitConnected(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (!isConnectedLocked() && left > 0) {
        left = changed.awaitNanos(left);
      }
      return isConnectedLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the dial {@code finished}; whether a connection is in use. Without one the queued frames are dropped:
   * their senders are told through the dial's failure.
   */
  boolean dialEnded(CompletableFuture<Void> finished) {
    lock.lock();
    try {
      if (dial == finished) {
        dial = null;
      }
      boolean connected = isConnectedLocked();
      if (!connected && dial == null && !outbox.isEmpty()) {
        LOG.debug("dropping {} queued envelopes for unreachable {}", outbox.size(), address);
        outbox.clear();
      }
      return connected;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the listener keeps {@code incoming}, dialed by this peer, by the rules in the class comment; if so it
   * becomes the connection in use. On refusal {@code probe} (a keep-alive frame) is queued for the connection in use.
   */
  Admission admitIncoming(Connection incoming, WireAddress self, byte[] probe) {
    lock.lock();
    try {
      if (forgotten) {
        return Admission.FORGOTTEN;
      }
      boolean weAreSmaller = self.compareTo(address) < 0;
      boolean accept;
      if (isConnectedLocked()) {
        accept = !current.dialedByUs || !weAreSmaller;
        if (!accept && outbox.size() < capacity) {
          outbox.add(probe);
          changed.signalAll();
        }
      } else {
        accept = dial == null || !weAreSmaller;
      }
      if (accept) {
        install(incoming);
      }
      return accept ? Admission.ACCEPTED : Admission.REFUSED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes {@code dialed}, answered by the listener, the connection in use. Only with a dial of this peer in
   * flight, which keeps it from being forgotten.
   */
  void installDialed(Connection dialed) {
    lock.lock();
    try {
      if (forgotten) {
        throw new IllegalStateException(this + " was forgotten while a dial was in flight");
      }
      install(dialed);
    } finally {
      lock.unlock();
    }
  }

  private void install(Connection next) {
    Connection before = current;
    next.follow(before);
    if (before != null) {
      before.retire();
    }
    current = next;
    live++;
    idleSince = 0;
    changed.signalAll();
  }

  /**
   * Ends {@code closed}, an installed connection, and forgets it if it was in use. Frames still queued then go out over a connection made by
   * {@code dialer} (which gives null if it cannot dial; the frames are dropped then).
   */
  void gone(Connection closed, Supplier<CompletableFuture<Void>> dialer) {
    lock.lock();
    try {
      if (closed.isInstalled()) {
        live--;
      }
      if (current != closed) {
        return;
      }
      current = null;
      changed.signalAll();
      if (outbox.isEmpty() || dial != null) {
        return;
      }
      dial = dialer.get();
      if (dial == null) {
        LOG.warn("lost the connection to {} and cannot dial it (no known network address, or the transport is closed): dropping {} queued envelopes", address, outbox.size());
        outbox.clear();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves the frames queued for {@code writer} into {@code batch}, in queue order, waiting for at least one: every
   * frame queued at that moment up to {@code batch.length} frames and {@code maxBytes} bytes (the first frame
   * always, however long). Returns how many; 0 once {@code writer} must stop: it is no longer in use, it is
   * closed, or it drains and nothing is left.
   */
  int take(Connection writer, byte[][] batch, int maxBytes) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (current != writer || writer.isClosed() || writer.isInputEnded()) {
          return 0;
        }
        if (!outbox.isEmpty()) {
          int n = 0;
          long bytes = 0;
          byte[] next;
          while (n < batch.length && (next = outbox.peek()) != null && (n == 0 || bytes + next.length <= maxBytes)) {
            batch[n++] = outbox.poll();
            bytes += next.length;
          }
          return n;
        }
        if (writer.isDraining()) {
          return 0;
        }
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every thread waiting on this peer, after a connection changed state. */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Lets the connection in use write out the queue and stop; it, or null. */
  Connection drain() {
    lock.lock();
    try {
      Connection c = current;
      if (c != null) {
        c.drain();
        changed.signalAll();
      }
      return c;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Peer(" + address + ")";
  }
}
