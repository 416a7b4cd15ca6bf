// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.PersistenceConformanceTest;

/** The restart and sync scenarios on the simulated chain, with in-memory stores. */
class SimPersistenceTest extends PersistenceConformanceTest {
  @Override
  protected ChainSetup newSetup(long seed) {
    return new SimChainSetup(seed);
  }
}
