// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.PaymentChannelConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The lifecycle conformance scenarios on Anvil with our contracts, moving ETH (gas accounted for). */
class EthPaymentChannelEtherTest extends PaymentChannelConformanceTest {
  private static EthChainFixture fx;

  @BeforeAll
  static void startChain() throws InterruptedException {
    fx = new EthChainFixture(1);
  }

  @AfterAll
  static void stopChain() {
    if (fx != null) {
      fx.close();
    }
  }

  @Override
  protected ChainSetup newSetup(long seed) {
    return new EthChainSetup(fx, seed, EthChainSetup.Currency.ETH);
  }
}
