// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.spi.Wallet;
import network.perun.api.spi.WalletBackend;
import network.perun.testkit.conformance.WalletConformanceTest;

class SimWalletConformanceTest extends WalletConformanceTest {
  @Override
  protected WalletBackend walletBackend() {
    return new SimBackend().walletBackend();
  }

  @Override
  protected Wallet wallet() {
    SimWallet wallet = SimWallet.fromSeed(7);
    for (int i = 0; i < 3; i++) {
      wallet.newAccount();
    }
    return wallet;
  }
}
