// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.perun.api.Address;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.PerunDeployment;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;

/**
 * An Anvil chain for the node's tests: one {@code anvil} process on a free loopback port (chain ID 31337,
 * automine), with the first dev account of the public test mnemonic as deployer, stopped by {@link #close()} or
 * by a JVM shutdown hook.
 *
 * <p>The binary is {@code $PERUN_ANVIL}, else the one {@code npm ci} in {@code perun-backend-eth/contracts}
 * installs (the backend's Maven build runs it), looked for from the working directory upwards.
 */
public final class AnvilProcess implements AutoCloseable {
  /** Anvil's chain ID. */
  public static final long CHAIN_ID = 31337;

  /** The private key of Anvil's first dev account (public test mnemonic; never use it for value). */
  private static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private static final Path NPM_BINARY = Path.of("perun-backend-eth", "contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Process process;
  private final Thread hook;
  private final URI url;
  private final EthRpc rpc;
  private final EthAccount deployer;

  private AnvilProcess(Process process, Thread hook, URI url) {
    this.process = process;
    this.hook = hook;
    this.url = url;
    this.rpc = new EthRpc(JsonRpc.connect(url, Duration.ofSeconds(10)));
    this.deployer = new EthWallet().addPrivateKey(DEV_KEY);
  }

  /** Starts Anvil and waits until it listens. */
  public static AnvilProcess start() throws IOException, InterruptedException {
    Path binary = binary();
    Process process = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port", "0", "--chain-id", Long.toString(CHAIN_ID), "--accounts", "1")
        .redirectErrorStream(true).start();
    Thread hook = new Thread(process::destroyForcibly, "anvil-stop-" + process.pid());
    Runtime.getRuntime().addShutdownHook(hook);
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("anvil-output-" + process.pid()).start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 30) {
              tail.removeFirst();
            }
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
        port.completeExceptionally(new IOException("anvil's output ended"));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    });
    try {
      return new AnvilProcess(process, hook, URI.create("http://127.0.0.1:" + port.get(STARTUP.toSeconds(), TimeUnit.SECONDS)));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(hook);
      synchronized (tail) {
        throw new IllegalStateException("anvil at " + binary + " did not start: " + e + "\n" + String.join("\n", tail), e);
      }
    }
  }

  private static Path binary() {
    String env = System.getenv("PERUN_ANVIL");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    List<Path> looked = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(NPM_BINARY);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
      looked.add(candidate);
    }
    throw new IllegalStateException("no anvil binary (looked at " + looked.subList(0, Math.min(2, looked.size()))
        + "): run npm ci in perun-backend-eth/contracts or set PERUN_ANVIL");
  }

  /** The HTTP JSON-RPC endpoint. */
  public URI url() {
    return url;
  }

  public EthRpc rpc() {
    return rpc;
  }

  /** Anvil's first dev account, rich in ether. */
  public EthAccount deployer() {
    return deployer;
  }

  /** Deploys an Adjudicator and its AssetHolderETH from the deployer. */
  public PerunDeployment.Contracts deploy() throws InterruptedException {
    return deployment().deployAdjudicatorAndEthHolder();
  }

  /** A deployment sending from the deployer. */
  public PerunDeployment deployment() {
    return new PerunDeployment(rpc, deployer, EthChain.Settings.defaults());
  }

  /** Sets {@code account}'s ether balance ({@code anvil_setBalance}). */
  public void setBalance(Address account, BigInteger wei) {
    rpc.raw().call("anvil_setBalance", List.of(EthRpc.hex(account), EthRpc.toQuantity(wei)));
  }

  @Override
  public void close() throws InterruptedException {
    rpc.close();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
