// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of a transport's blocking I/O: an {@link Alarm} runs its action (closing a socket, which ends
 * any read or write blocked on it) unless it is disarmed in time, and a {@link #repeat repeated} sweep checks the
 * deadlines of every frame read and written. One scheduler thread serves every connection.
 */
final class Watchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;

  Watchdog(String name) {
    executor = new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name(name).factory());
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** An armed deadline. */
  static final class Alarm {
    private final ScheduledFuture<?> future;

    private Alarm(ScheduledFuture<?> future) {
      this.future = future;
    }

    /** Stops the alarm; {@code false} if it already went off (or the watchdog is closed). */
    boolean disarm() {
      return future == null ? false : future.cancel(false);
    }
  }

  /** Runs {@code action} after {@code timeout} unless the alarm is disarmed first; at once if the watchdog is closed. */
  Alarm arm(Duration timeout, Runnable action) {
    try {
      return new Alarm(executor.schedule(action, timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      action.run();
      return new Alarm(null);
    }
  }

  /** Runs {@code action} every {@code period} until the watchdog is closed; nothing if it is closed already. */
  void repeat(Duration period, Runnable action) {
    try {
      executor.scheduleWithFixedDelay(action, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed: nothing left to check
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
