// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.PaymentChannelConformanceTest;

/** The lifecycle conformance scenarios on the simulated chain. */
class SimPaymentChannelTest extends PaymentChannelConformanceTest {
  @Override
  protected ChainSetup newSetup(long seed) {
    return new SimChainSetup(seed);
  }
}
