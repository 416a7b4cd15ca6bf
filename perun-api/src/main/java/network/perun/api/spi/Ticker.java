// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

/**
 * The time port for timeouts: a monotonic nanosecond counter, like {@link System#nanoTime()}.
 *
 * <p>The core never reads a clock itself; the application passes {@code System::nanoTime} and tests may pass a
 * fake. Chain time is separate: it comes from the chain ({@link network.perun.api.chain.ChainTimeout}).
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanoTime();
}
