// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.perun.node.config.ConfigException;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.DataDirInit;
import network.perun.node.config.NodeConfig;
import network.perun.node.daemon.InProcessNetwork.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node refuses at start, what it keeps across a restart, and the data directory lock. */
class NodeStartTest {
  @TempDir Path dir;

  @Test
  void aSecondNodeOnTheSameDataDirectoryIsRefusedUntilTheFirstStops() throws Exception {
    try (InProcessNetwork net = new InProcessNetwork()) {
      Running first = net.start(dir, Map.of());
      NodeConfig cfg = first.config();
      ConfigException e = assertThrows(ConfigException.class, () -> Node.start(cfg, net));
      assertTrue(e.getMessage().contains("is in use by another perun node (process " + ProcessHandle.current().pid() + ")"), e.getMessage());
      first.close();
      Node again = Node.start(cfg, net);
      again.close();
    }
  }

  @Test
  void anIdentityReadableByOthersIsRefusedAndLeavesNothingLocked() throws Exception {
    DataDirInit.Result r = DataDirInit.init(dir, Map.of(), new SecureRandom());
    Files.setPosixFilePermissions(r.identityFile(), PosixFilePermissions.fromString("rw-r--r--"));
    NodeConfig cfg = ConfigLoader.load(Optional.of(r.configFile()), Map.of(), Map.of());
    try (InProcessNetwork net = new InProcessNetwork()) {
      ConfigException e = assertThrows(ConfigException.class, () -> Node.start(cfg, net));
      assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
      try (DataDirLock lock = DataDirLock.acquire(cfg.lockFile())) {
        assertEquals(cfg.lockFile(), lock.file());
      }
    }
  }

  @Test
  void contactsAndEventIdsSurviveARestart() throws Exception {
    try (InProcessNetwork net = new InProcessNetwork()) {
      Running node = net.start(dir, Map.of());
      node.node().addContact("carol", "ab".repeat(32), "127.0.0.1:7160");
      long lastId = node.node().events().lastId();
      node.close();

      Running again = net.start(dir, Map.of());
      try {
        List<Contact> contacts = again.node().contacts();
        assertEquals(1, contacts.size());
        assertEquals("carol", contacts.get(0).name());
        assertEquals("127.0.0.1:7160", contacts.get(0).address().toString());
        assertTrue(again.node().events().lastId() > lastId, "IDs go on counting: " + again.node().events().lastId() + " after " + lastId);
        assertEquals("contact-added", again.node().events().after(0, 100, java.time.Duration.ZERO).stream()
            .filter(e -> e.type().equals("contact-added")).findFirst().orElseThrow().type());
      } finally {
        again.close();
      }
    }
  }

  @Test
  void aBrokenContactsFileStopsTheStartWithItsName() throws Exception {
    DataDirInit.Result r = DataDirInit.init(dir, Map.of("api-listen", "127.0.0.1:0"), new SecureRandom());
    Files.writeString(dir.resolve("contacts.json"), "{not json");
    NodeConfig cfg = ConfigLoader.load(Optional.of(r.configFile()), Map.of(), Map.of());
    try (InProcessNetwork net = new InProcessNetwork()) {
      ConfigException e = assertThrows(ConfigException.class, () -> Node.start(cfg, net));
      assertTrue(e.getMessage().contains("contacts.json"), e.getMessage());
    }
  }

  @Test
  void theProductionConnectorSaysWhichChainUrlDoesNotAnswer() throws IOException {
    DataDirInit.Result r = DataDirInit.init(dir, Map.of("chain-url", "http://127.0.0.1:1"), new SecureRandom());
    NodeConfig cfg = ConfigLoader.load(Optional.of(r.configFile()), Map.of(), Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> new ProductionConnector().chain(cfg, NodeIdentity.load(cfg)));
    assertTrue(e.getMessage().startsWith("chain-url http://127.0.0.1:1 does not answer (is perun chain running?)"), e.getMessage());
  }
}
