// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

/** A registered listener of the simulated chain or clock; closing it unregisters the listener. */
@FunctionalInterface
public interface ListenerHandle extends AutoCloseable {
  /** Unregisters the listener; closing twice is harmless. */
  @Override
  void close();
}
