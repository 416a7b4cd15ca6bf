// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import network.perun.api.InvalidValueException;
import network.perun.api.chain.ChainTimeout;

/**
 * The simulated chain's time: whole seconds that move only when someone calls {@link #advance} or
 * {@link #advanceTo}, never by themselves.
 *
 * <p>No wall clock is read anywhere, so a test decides exactly when a challenge period or a funding timeout ends.
 * Threads blocked in {@link #awaitUntil(long)} wake once the time reaches their target. Listeners hear of every
 * advance (a demo can show a countdown); they run on the advancing thread, in order, after the new time is
 * visible to {@link #now()}.
 */
public final class SimClock {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  /** Serialises advances, so listeners hear of them one at a time and in order. */
  private final ReentrantLock advanceLock = new ReentrantLock();
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private volatile long now;

  /** A clock that starts at {@code start} seconds. */
  public SimClock(long start) {
    InvalidValueException.check(start >= 0, "chain time must not be negative, got %d", start);
    this.now = start;
  }

  /** A clock that starts at 0. */
  public SimClock() {
    this(0);
  }

  /** The current chain time in seconds. */
  public long now() {
    return now;
  }

  /** Whether the chain time has reached {@code t}. */
  public boolean hasReached(long t) {
    return now >= t;
  }

  /**
   * Moves the time forward by {@code seconds} (0 is allowed and still notifies the listeners) and returns the new
   * time.
   *
   * @throws InvalidValueException for a negative step or one that overflows
   */
  public long advance(long seconds) {
    InvalidValueException.check(seconds >= 0, "the clock never goes backwards: cannot advance by %d seconds", seconds);
    advanceLock.lock();
    try {
      long target;
      try {
        target = Math.addExact(now, seconds);
      } catch (ArithmeticException e) {
        throw new InvalidValueException("advancing chain time " + now + " by " + seconds + " seconds overflows");
      }
      return moveTo(target);
    } finally {
      advanceLock.unlock();
    }
  }

  /**
   * Moves the time forward to {@code t} and returns it.
   *
   * @throws InvalidValueException if {@code t} lies before the current time
   */
  public long advanceTo(long t) {
    advanceLock.lock();
    try {
      InvalidValueException.check(t >= now, "the clock never goes backwards: cannot move from %d to %d", now, t);
      return moveTo(t);
    } finally {
      advanceLock.unlock();
    }
  }

  private long moveTo(long target) {
    lock.lock();
    try {
      now = target;
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
    for (LongConsumer listener : listeners) {
      listener.accept(target);
    }
    return target;
  }

  /**
   * Blocks until the chain time reaches {@code t}; returns at once if it already has.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitUntil(long t) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (now < t) {
        advanced.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers {@code listener} to receive the new time after every advance; closing the returned handle removes
   * it. Listeners must not block.
   */
  public ListenerHandle addListener(LongConsumer listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** A {@link ChainTimeout} at chain time {@code at}, measured by this clock. */
  public ChainTimeout timeout(long at) {
    return new SimTimeout(this, at);
  }

  @Override
  public String toString() {
    return "SimClock(" + now + ")";
  }

  /** A chain timeout measured by a {@link SimClock}. */
  private record SimTimeout(SimClock clock, long at) implements ChainTimeout {
    @Override
    public boolean isElapsed() {
      return clock.hasReached(at);
    }

    @Override
    public void await() throws InterruptedException {
      clock.awaitUntil(at);
    }

    @Override
    public String toString() {
      return "chain time " + at + (isElapsed() ? " (elapsed)" : " (now " + clock.now() + ")");
    }
  }
}
