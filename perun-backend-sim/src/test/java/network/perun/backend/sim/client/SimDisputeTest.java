// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.DisputeConformanceTest;

/** The dispute conformance scenarios on the simulated chain. */
class SimDisputeTest extends DisputeConformanceTest {
  @Override
  protected ChainSetup newSetup(long seed) {
    return new SimChainSetup(seed);
  }
}
