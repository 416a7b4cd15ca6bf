// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import network.perun.api.InvalidValueException;
import network.perun.api.chain.ChainTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimClockTest {
  /** A safety net against a hanging test, never a timing assertion. */
  private static final long HANG_GUARD_SECONDS = 30;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void timeMovesOnlyWhenAdvanced() {
    SimClock clock = new SimClock(100);
    assertEquals(100, clock.now());
    assertEquals(100, clock.now());
    assertEquals(130, clock.advance(30));
    assertEquals(130, clock.advance(0));
    assertEquals(200, clock.advanceTo(200));
    assertEquals(200, clock.advanceTo(200));
    assertEquals(200, clock.now());
    assertEquals(0, new SimClock().now());
  }

  @Test
  void timeNeverGoesBackwards() {
    SimClock clock = new SimClock(100);
    assertThrows(InvalidValueException.class, () -> clock.advance(-1));
    assertThrows(InvalidValueException.class, () -> clock.advanceTo(99));
    assertThrows(InvalidValueException.class, () -> clock.advance(Long.MAX_VALUE));
    assertThrows(InvalidValueException.class, () -> new SimClock(-1));
    assertEquals(100, clock.now());
  }

  @Test
  void listenersHearEveryAdvanceInOrderUntilClosed() {
    SimClock clock = new SimClock(5);
    List<Long> heard = new ArrayList<>();
    ListenerHandle handle = clock.addListener(heard::add);
    clock.advance(1);
    clock.advance(0);
    clock.advanceTo(10);
    handle.close();
    clock.advance(1);
    handle.close();
    assertEquals(List.of(6L, 6L, 10L), heard);
  }

  @Test
  void waitersWakeWhenTheTimeIsReached() throws Exception {
    SimClock clock = new SimClock(0);
    Future<?> early = pool.submit(() -> {
      clock.awaitUntil(10);
      return clock.now();
    });
    Future<?> late = pool.submit(() -> {
      clock.awaitUntil(20);
      return clock.now();
    });
    clock.advance(9);
    assertFalse(early.isDone());
    clock.advance(1);
    assertEquals(10L, early.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    assertFalse(late.isDone());
    clock.advanceTo(25);
    assertEquals(25L, late.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    clock.awaitUntil(3); // already reached: returns at once
  }

  @Test
  void aWaiterIsInterruptible() throws Exception {
    SimClock clock = new SimClock(0);
    Future<?> waiter = pool.submit(() -> {
      clock.awaitUntil(10);
      return null;
    });
    waiter.cancel(true);
    pool.shutdown();
    assertTrue(pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "the interrupted waiter returned");
    assertEquals(0, clock.now());
  }

  @Test
  void anInterruptedThreadDoesNotWait() {
    SimClock clock = new SimClock(0);
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> clock.awaitUntil(10));
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void timeoutsFollowTheClock() throws Exception {
    SimClock clock = new SimClock(50);
    ChainTimeout timeout = clock.timeout(60);
    assertEquals(60, timeout.at());
    assertFalse(timeout.isElapsed());
    Future<?> waiter = pool.submit(() -> {
      timeout.await();
      return null;
    });
    clock.advance(10);
    waiter.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    assertTrue(timeout.isElapsed());
    assertTrue(clock.timeout(0).isElapsed());
  }

  @Test
  void waitingOnTheChainWakesOnAdvances() throws Exception {
    ChainFixture f = new ChainFixture();
    Future<Boolean> deadlineWait = pool.submit(() -> f.chain.await(() -> false, ChainFixture.START + 5));
    f.clock.advance(4);
    assertFalse(deadlineWait.isDone());
    f.clock.advance(1);
    assertFalse(deadlineWait.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
  }
}
