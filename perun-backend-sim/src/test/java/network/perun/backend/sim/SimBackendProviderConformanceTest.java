// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.spi.BackendProvider;
import network.perun.testkit.conformance.BackendProviderConformanceTest;

class SimBackendProviderConformanceTest extends BackendProviderConformanceTest {
  @Override
  protected BackendProvider provider() {
    return new SimBackendProvider();
  }
}
