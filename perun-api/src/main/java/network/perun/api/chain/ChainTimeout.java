// SPDX-License-Identifier: Apache-2.0
package network.perun.api.chain;

/**
 * A moment in chain time (seconds, as the chain's block timestamps count them) that can be awaited.
 *
 * <p>Timeouts compare against the chain's clock, never the local one: a challenge period ends when the chain
 * says so.
 */
public interface ChainTimeout {
  /** The chain time in seconds at which the timeout elapses. */
  long at();

  /** Whether the chain's time has reached {@link #at()}. */
  boolean isElapsed();

  /**
   * Blocks until the chain's time reaches {@link #at()}.
   *
   * @throws InterruptedException if the waiting thread is interrupted (the clean way to cancel)
   */
  void await() throws InterruptedException;
}
