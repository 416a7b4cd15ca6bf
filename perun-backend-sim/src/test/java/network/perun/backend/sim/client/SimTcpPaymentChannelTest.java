// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.PaymentChannelConformanceTest;

/** The PaymentChannel conformance scenarios on the simulated chain, over real TCP+TLS connections on loopback. */
class SimTcpPaymentChannelTest extends PaymentChannelConformanceTest {
  @Override
  protected ChainSetup newSetup(long seed) {
    return SimChainSetup.overTcp(seed);
  }
}
