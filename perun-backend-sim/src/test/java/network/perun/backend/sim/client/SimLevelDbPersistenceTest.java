// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import network.perun.backend.sim.SimBackend;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.PersistenceConformanceTest;
import org.junit.jupiter.api.io.TempDir;

/** The restart and sync scenarios with durable LevelDB stores that are closed and reopened from disk. */
class SimLevelDbPersistenceTest extends PersistenceConformanceTest {
  @TempDir Path dir;
  private final Map<String, Path> dirs = new HashMap<>();

  @Override
  protected ChainSetup newSetup(long seed) {
    return new SimChainSetup(seed);
  }

  @Override
  protected ChannelStore newStore(String party) {
    Path path = dirs.computeIfAbsent(party, dir::resolve);
    return LevelDbChannelStore.open(path, Durability.SYNC, new SimBackend().walletBackend().signatureSize());
  }

  @Override
  protected ChannelStore reopen(String party, ChannelStore store) {
    store.close();
    return newStore(party);
  }
}
