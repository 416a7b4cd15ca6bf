// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import static network.perun.node.cli.PerunProcesses.awaitEvent;
import static network.perun.node.cli.PerunProcesses.befriend;
import static network.perun.node.cli.PerunProcesses.client;
import static network.perun.node.cli.PerunProcesses.freePort;
import static network.perun.node.cli.PerunProcesses.lastEvent;
import static network.perun.node.cli.PerunProcesses.open;
import static network.perun.node.cli.PerunProcesses.pay;
import static network.perun.node.cli.PerunProcesses.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import network.perun.node.PerunCli;
import network.perun.node.api.ApiClient;
import network.perun.node.cli.PerunProcesses.Started;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes and the simulated chain service as three separate JVM processes on loopback, talking TCP+TLS: open a
 * channel, pay both ways through the API, refuse a second node on one data directory, stop that node with SIGTERM
 * mid-channel, restart it (the channel comes back from its LevelDB store), pay both ways again and settle.
 */
class TwoNodeProcessTest {
  @TempDir Path dir;

  private PerunProcesses processes;

  @BeforeEach
  void harness() {
    processes = new PerunProcesses(dir);
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    processes.close();
  }

  @Test
  void twoNodeProcessesOpenPayBothWaysSurviveARestartMidChannelAndSettle() throws Exception {
    int chainPort = freePort();
    Started chain = processes.start("chain", "chain", "--listen", "127.0.0.1:" + chainPort, "--tick-ms", "200");
    chain.await("simulated chain serving at");
    String chainUrl = "http://127.0.0.1:" + chainPort;
    Path aliceDir = processes.init("alice", "--chain-url", chainUrl);
    Path bobDir = processes.init("bob", "--chain-url", chainUrl);

    Started aliceProcess = processes.startNode("alice", aliceDir);
    Started bobProcess = processes.startNode("bob", bobDir);
    String channel;
    try (ApiClient alice = client(aliceDir); ApiClient bob = client(bobDir)) {
      befriend(alice, "bob", bob, bobDir);
      befriend(bob, "alice", alice, aliceDir);

      long bobEvents = lastEvent(bob);
      channel = open(alice, "bob", "10", "10");
      assertEquals("7", pay(alice, channel, "3").path("balance").asText());
      assertEquals("5", pay(bob, channel, "8").path("balance").asText());
      assertEquals("15", alice.get("/channels/" + channel).path("balance").asText());
      awaitEvent(bob, bobEvents, "payment-received", channel);

      // A second node on bob's data directory is refused while bob runs.
      Started twin = processes.start("bob-twin", "node", "--config", bobDir.resolve("perun.toml").toString(),
          "--listen", "127.0.0.1:" + freePort(), "--api-listen", "127.0.0.1:" + freePort());
      assertTrue(twin.process().waitFor(60, TimeUnit.SECONDS), "the second node gives up at once");
      assertEquals(PerunCli.EXIT_FAILURE, twin.process().exitValue());
      assertTrue(Files.readString(twin.err()).contains("is in use by another perun node"), Files.readString(twin.err()));

      // SIGTERM mid-channel: bob shuts down cleanly and unlocks its data directory.
      bobProcess.process().destroy();
      assertTrue(bobProcess.process().waitFor(30, TimeUnit.SECONDS), "bob stops on SIGTERM");
      assertEquals(143, bobProcess.process().exitValue(), "the JVM's exit status after SIGTERM (128 + 15)");
      assertTrue(Files.readString(bobProcess.err()).contains("node stopped"), Files.readString(bobProcess.err()));
    }

    processes.startNode("bob", bobDir);
    try (ApiClient alice = client(aliceDir); ApiClient bob = client(bobDir)) {
      assertEquals("alice", bob.get("/contacts").path("contacts").get(0).path("name").asText(), "bob's contacts survived the restart");
      JsonNode restored = bob.get("/channels/" + channel);
      assertEquals("acting", restored.path("phase").asText(), restored.toString());
      assertEquals(2, restored.path("version").asLong(), "bob's channel came back at its last version: " + restored);
      assertEquals("5", restored.path("balance").asText());
      assertEquals("13", pay(alice, channel, "2").path("balance").asText());
      assertEquals("6", pay(bob, channel, "1").path("balance").asText());
      settle(bob, alice, channel);
      assertEquals("1004", alice.get("/health").path("onChainBalance").asText(), "1000 - 10 + 14");
      assertEquals("1006", bob.get("/health").path("onChainBalance").asText(), "990 topped up to sim-faucet = 1000 at the restart, + 6");
    }
    assertTrue(aliceProcess.process().isAlive(), "alice ran throughout");
  }
}
