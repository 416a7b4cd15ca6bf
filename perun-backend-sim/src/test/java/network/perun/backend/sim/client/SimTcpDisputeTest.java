// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.DisputeConformanceTest;

/** The Dispute conformance scenarios on the simulated chain, over real TCP+TLS connections on loopback. */
class SimTcpDisputeTest extends DisputeConformanceTest {
  @Override
  protected ChainSetup newSetup(long seed) {
    return SimChainSetup.overTcp(seed);
  }
}
