// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import network.perun.node.PerunCli;
import network.perun.node.api.ApiClient;
import network.perun.node.config.OwnerOnlyFiles;
import network.perun.node.http.HttpJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes and the simulated chain service as three separate JVM processes on loopback, talking TCP+TLS: open a
 * channel, pay both ways through the API, refuse a second node on one data directory, stop that node with SIGTERM
 * mid-channel, restart it (the channel comes back from its LevelDB store), pay both ways again and settle.
 */
class TwoNodeProcessTest {
  private static final Duration READY = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void twoNodeProcessesOpenPayBothWaysSurviveARestartMidChannelAndSettle() throws Exception {
    int chainPort = freePort();
    Started chain = start("chain", "chain", "--listen", "127.0.0.1:" + chainPort, "--tick-ms", "200");
    chain.await("simulated chain serving at");
    String chainUrl = "http://127.0.0.1:" + chainPort;
    Path aliceDir = init("alice", chainUrl);
    Path bobDir = init("bob", chainUrl);

    Started aliceProcess = startNode("alice", aliceDir);
    Started bobProcess = startNode("bob", bobDir);
    String channel;
    try (ApiClient alice = client(aliceDir); ApiClient bob = client(bobDir)) {
      befriend(alice, "bob", bob, bobDir);
      befriend(bob, "alice", alice, aliceDir);

      long bobEvents = lastEvent(bob);
      channel = open(alice, "bob", 10, 10);
      assertEquals("7", pay(alice, channel, 3).path("balance").asText());
      assertEquals("5", pay(bob, channel, 8).path("balance").asText());
      assertEquals("15", alice.get("/channels/" + channel).path("balance").asText());
      awaitEvent(bob, bobEvents, "payment-received", channel);

      // A second node on bob's data directory is refused while bob runs.
      Started twin = start("bob-twin", "node", "--config", bobDir.resolve("perun.toml").toString(),
          "--listen", "127.0.0.1:" + freePort(), "--api-listen", "127.0.0.1:" + freePort());
      assertTrue(twin.process.waitFor(60, TimeUnit.SECONDS), "the second node gives up at once");
      assertEquals(PerunCli.EXIT_FAILURE, twin.process.exitValue());
      assertTrue(Files.readString(twin.err).contains("is in use by another perun node"), Files.readString(twin.err));

      // SIGTERM mid-channel: bob shuts down cleanly and unlocks its data directory.
      bobProcess.process.destroy();
      assertTrue(bobProcess.process.waitFor(30, TimeUnit.SECONDS), "bob stops on SIGTERM");
      assertEquals(143, bobProcess.process.exitValue(), "the JVM's exit status after SIGTERM (128 + 15)");
      assertTrue(Files.readString(bobProcess.err).contains("node stopped"), Files.readString(bobProcess.err));
    }

    startNode("bob", bobDir);
    try (ApiClient alice = client(aliceDir); ApiClient bob = client(bobDir)) {
      assertEquals("alice", bob.get("/contacts").path("contacts").get(0).path("name").asText(), "bob's contacts survived the restart");
      JsonNode restored = bob.get("/channels/" + channel);
      assertEquals("acting", restored.path("phase").asText(), restored.toString());
      assertEquals(2, restored.path("version").asLong(), "bob's channel came back at its last version: " + restored);
      assertEquals("5", restored.path("balance").asText());
      assertEquals("13", pay(alice, channel, 2).path("balance").asText());
      assertEquals("6", pay(bob, channel, 1).path("balance").asText());
      settle(bob, alice, channel);
      assertEquals("1004", alice.get("/health").path("onChainBalance").asText(), "1000 - 10 + 14");
      assertEquals("1006", bob.get("/health").path("onChainBalance").asText(), "990 topped up to sim-faucet = 1000 at the restart, + 6");
    }
    assertTrue(aliceProcess.process.isAlive(), "alice ran throughout");
  }

  // ---------------------------------------------------------------------------------------------- steps

  private Path init(String name, String chainUrl) throws IOException {
    Path d = dir.resolve(name);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), "init", "--dir", d.toString(), "--chain-url", chainUrl,
        "--listen", "127.0.0.1:" + freePort(), "--api-listen", "127.0.0.1:" + freePort());
    assertEquals(PerunCli.EXIT_OK, exit, out + "\n" + err);
    return d;
  }

  private Started startNode(String name, Path dataDir) throws Exception {
    Started node = start(name, "node", "--config", dataDir.resolve("perun.toml").toString());
    node.await("perun node running");
    return node;
  }

  private static ApiClient client(Path dataDir) throws IOException {
    String toml = Files.readString(dataDir.resolve("perun.toml"));
    String listen = toml.lines().filter(l -> l.startsWith("api-listen")).findFirst().orElseThrow().split("\"")[1];
    return new ApiClient("http://" + listen, OwnerOnlyFiles.read(dataDir.resolve("api.token"), "token"));
  }

  private static void befriend(ApiClient who, String name, ApiClient other, Path otherDir) throws Exception {
    String toml = Files.readString(otherDir.resolve("perun.toml"));
    String listen = toml.lines().filter(l -> l.startsWith("listen")).findFirst().orElseThrow().split("\"")[1];
    ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", name).put("wireAddress", other.get("/health").path("identity").asText())
        .put("address", listen);
    who.post("/contacts", body);
  }

  private static String open(ApiClient who, String peer, long deposit, long peerDeposit) throws InterruptedException {
    ObjectNode body = HttpJson.MAPPER.createObjectNode().put("peer", peer).put("deposit", Long.toString(deposit)).put("peerDeposit", Long.toString(peerDeposit));
    JsonNode ch = who.post("/channels", body);
    assertEquals("acting", ch.path("phase").asText(), ch.toString());
    return ch.path("id").asText();
  }

  private static JsonNode pay(ApiClient who, String channel, long amount) throws InterruptedException {
    return who.post("/channels/" + channel + "/payments", HttpJson.MAPPER.createObjectNode().put("amount", Long.toString(amount)));
  }

  /** Closes through {@code closer} and waits until both nodes withdrew. */
  private static void settle(ApiClient closer, ApiClient peer, String channel) throws InterruptedException {
    long closerEvents = lastEvent(closer);
    long peerEvents = lastEvent(peer);
    JsonNode ch = closer.post("/channels/" + channel + "/close", HttpJson.MAPPER.createObjectNode());
    assertTrue(ch.path("final").asBoolean(), ch.toString());
    awaitEvent(closer, closerEvents, "channel-settled", channel);
    awaitEvent(peer, peerEvents, "channel-settled", channel);
  }

  private static long lastEvent(ApiClient who) throws InterruptedException {
    return who.get("/health").path("lastEventId").asLong();
  }

  private static JsonNode awaitEvent(ApiClient who, long after, String type, String channel) throws InterruptedException {
    long seen = after;
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode page = who.get("/events?after=" + seen + "&wait=5");
      for (JsonNode e : page.path("events")) {
        seen = e.path("id").asLong();
        if (e.path("type").asText().equals(type) && e.path("channel").asText().equals(channel)) {
          return e;
        }
        if (e.path("type").asText().equals("settle-failed")) {
          throw new AssertionError("settlement failed: " + e);
        }
      }
    }
    throw new AssertionError("no " + type + " event for " + channel + " within " + READY);
  }

  // ---------------------------------------------------------------------------------------------- processes

  /** A started {@code perun} process: its stdout lines as they come, its stderr in a file. */
  private record Started(Process process, LinkedBlockingQueue<String> lines, Path err) {
    void await(String prefix) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + READY.toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith(prefix)) {
          return;
        }
        if (line == null && !process.isAlive()) {
          throw new AssertionError("the process exited with " + process.exitValue() + " before \"" + prefix + "\":\n" + Files.readString(err));
        }
      }
      throw new AssertionError("no \"" + prefix + "\" within " + READY + ":\n" + Files.readString(err));
    }
  }

  private Started start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add(PerunCli.class.getName());
    command.addAll(List.of(args));
    Path err = dir.resolve(name + "-" + processes.size() + ".err");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    processes.add(p);
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("stdout of " + name + " failed: " + e);
      }
    });
    return new Started(p, lines, err);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
