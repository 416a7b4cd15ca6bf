// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.leveldb;

import java.nio.file.Path;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.testkit.conformance.ChannelStoreConformanceTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store conformance suite for the LevelDB store, with asynchronous writes so it stays fast; the logic is the
 * same in both modes, and {@link LevelDbChannelStoreTest} covers synchronous writes.
 */
class LevelDbChannelStoreConformanceTest extends ChannelStoreConformanceTest {
  @TempDir
  Path dir;

  @Override
  protected ChannelStore openStore() {
    return LevelDbChannelStore.open(dir, Durability.ASYNC, signatureSize());
  }

  @Override
  protected ChannelStore reopenStore(ChannelStore closed) {
    return LevelDbChannelStore.open(((LevelDbChannelStore) closed).directory(), Durability.ASYNC, signatureSize());
  }
}
