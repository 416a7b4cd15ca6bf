// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.Asset;
import network.perun.api.spi.Account;
import network.perun.api.spi.Backend;
import network.perun.testkit.conformance.ChannelBackendConformanceTest;
import network.perun.testkit.random.RandomValues;

class SimChannelBackendConformanceTest extends ChannelBackendConformanceTest {
  private final SimWallet wallet = SimWallet.fromSeed(7);

  @Override
  protected Backend backend() {
    return new SimBackend();
  }

  @Override
  protected Account newAccount() {
    return wallet.newAccount();
  }

  @Override
  protected Asset randomAsset(RandomValues random) {
    return SimAsset.of(random.random().nextLong());
  }
}
