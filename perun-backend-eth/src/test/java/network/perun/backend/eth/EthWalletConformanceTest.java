// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.spi.Wallet;
import network.perun.api.spi.WalletBackend;
import network.perun.testkit.conformance.WalletConformanceTest;

class EthWalletConformanceTest extends WalletConformanceTest {
  @Override
  protected WalletBackend walletBackend() {
    return new EthBackend().walletBackend();
  }

  @Override
  protected Wallet wallet() {
    EthWallet wallet = new EthWallet();
    TestKeys keys = new TestKeys(7);
    for (int i = 0; i < 3; i++) {
      keys.addTo(wallet);
    }
    return wallet;
  }
}
