// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.InMemoryChannelStore;

/** The store conformance suite for the in-memory reference store (it cannot run in its own module: see README). */
class InMemoryChannelStoreConformanceTest extends ChannelStoreConformanceTest {
  @Override
  protected ChannelStore openStore() {
    return new InMemoryChannelStore();
  }

  @Override
  protected ChannelStore reopenStore(ChannelStore closed) {
    return ((InMemoryChannelStore) closed).reopen();
  }
}
