// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.spi.BackendProvider;
import network.perun.testkit.conformance.BackendProviderConformanceTest;

class EthBackendProviderConformanceTest extends BackendProviderConformanceTest {
  @Override
  protected BackendProvider provider() {
    return new EthBackendProvider();
  }
}
