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

/**
 * {@code perun} processes for tests (each its own JVM on this test's class path, stdout as lines, stderr in a
 * file) and the API steps the process tests take with them. {@link #close()} stops every process it started.
 */
final class PerunProcesses implements AutoCloseable {
  static final Duration READY = Duration.ofSeconds(60);

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  /** Processes whose stderr files go to {@code dir}. */
  PerunProcesses(Path dir) {
    this.dir = dir;
  }

  /** A started {@code perun} process: its stdout lines as they come, its stderr in a file. */
  record Started(Process process, LinkedBlockingQueue<String> lines, Path err) {
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

  /** Starts {@code perun args...} as process {@code name}. */
  Started start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED");
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

  /** Starts {@code perun node} on {@code dataDir} and waits until it runs. */
  Started startNode(String name, Path dataDir) throws Exception {
    Started node = start(name, "node", "--config", dataDir.resolve("perun.toml").toString());
    node.await("perun node running");
    return node;
  }

  /** Stops every process: SIGTERM, then SIGKILL after 20 s. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- API steps

  /** Runs {@code perun init --dir DIR args...} in this JVM, with free loopback ports; returns the data directory. */
  Path init(String name, String... args) throws IOException {
    Path d = dir.resolve(name);
    List<String> all = new ArrayList<>(List.of("init", "--dir", d.toString(), "--listen", "127.0.0.1:" + freePort(), "--api-listen", "127.0.0.1:" + freePort()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    assertEquals(PerunCli.EXIT_OK, exit, out + "\n" + err);
    return d;
  }

  static ApiClient client(Path dataDir) throws IOException {
    String toml = Files.readString(dataDir.resolve("perun.toml"));
    String listen = toml.lines().filter(l -> l.startsWith("api-listen")).findFirst().orElseThrow().split("\"")[1];
    return new ApiClient("http://" + listen, OwnerOnlyFiles.read(dataDir.resolve("api.token"), "token"));
  }

  static void befriend(ApiClient who, String name, ApiClient other, Path otherDir) throws Exception {
    String toml = Files.readString(otherDir.resolve("perun.toml"));
    String listen = toml.lines().filter(l -> l.startsWith("listen")).findFirst().orElseThrow().split("\"")[1];
    ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", name).put("wireAddress", other.get("/health").path("identity").asText())
        .put("address", listen);
    who.post("/contacts", body);
  }

  static String open(ApiClient who, String peer, String deposit, String peerDeposit) throws InterruptedException {
    ObjectNode body = HttpJson.MAPPER.createObjectNode().put("peer", peer).put("deposit", deposit).put("peerDeposit", peerDeposit);
    JsonNode ch = who.post("/channels", body);
    assertEquals("acting", ch.path("phase").asText(), ch.toString());
    return ch.path("id").asText();
  }

  static JsonNode pay(ApiClient who, String channel, String amount) throws InterruptedException {
    return who.post("/channels/" + channel + "/payments", HttpJson.MAPPER.createObjectNode().put("amount", amount));
  }

  /** Closes through {@code closer} and waits until both nodes withdrew. */
  static void settle(ApiClient closer, ApiClient peer, String channel) throws InterruptedException {
    long closerEvents = lastEvent(closer);
    long peerEvents = lastEvent(peer);
    JsonNode ch = closer.post("/channels/" + channel + "/close", HttpJson.MAPPER.createObjectNode());
    assertTrue(ch.path("final").asBoolean(), ch.toString());
    awaitEvent(closer, closerEvents, "channel-settled", channel);
    awaitEvent(peer, peerEvents, "channel-settled", channel);
  }

  static long lastEvent(ApiClient who) throws InterruptedException {
    return who.get("/health").path("lastEventId").asLong();
  }

  /** The first event of {@code type} for {@code channel} after event {@code after}; fails on a failed settlement. */
  static JsonNode awaitEvent(ApiClient who, long after, String type, String channel) throws InterruptedException {
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

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
