// SPDX-License-Identifier: Apache-2.0
package network.perun.node.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.PerunException;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;

/**
 * A local Anvil chain that this process starts and stops: one {@code anvil} process on a free loopback port,
 * chain id {@value #CHAIN_ID}, automine (one block per transaction), and Anvil's unlocked dev accounts.
 *
 * <p>A dev tool of {@code perun demo --chain anvil} and of tests, never of a production node. The dev accounts
 * are unlocked in Anvil, so they pay with {@code eth_sendTransaction} and this class holds no key. Chain time
 * moves with {@link #advanceTime(long)} ({@code evm_increaseTime} and {@code evm_mine}), never by waiting.
 *
 * <p>The binary is {@code $PERUN_ANVIL} if set, else the one {@code npm ci} in {@code perun-backend-eth/contracts}
 * installs ({@link #NPM_BINARY}), looked for from the working directory and from where perun's classes live,
 * upwards. {@link #close()} stops the process; a JVM shutdown hook stops it too if the JVM exits first.
 */
public final class LocalAnvil implements AutoCloseable {
  /** The chain id of the local chain. */
  public static final long CHAIN_ID = 31337;

  /** The environment variable that names the Anvil binary. */
  public static final String BINARY_ENV = "PERUN_ANVIL";

  /** Where {@code npm ci} puts Anvil, relative to the repository root. */
  public static final Path NPM_BINARY =
      Path.of("perun-backend-eth", "contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final int TAIL_LINES = 40;

  private final Process process;
  private final Thread shutdownHook;
  private final URI endpoint;
  private final EthRpc rpc;
  private final List<Address> devAccounts;

  private LocalAnvil(Process process, Thread shutdownHook, URI endpoint, EthRpc rpc, List<Address> devAccounts) {
    this.process = process;
    this.shutdownHook = shutdownHook;
    this.endpoint = endpoint;
    this.rpc = rpc;
    this.devAccounts = List.copyOf(devAccounts);
  }

  /** Starts Anvil from {@link #locateBinary()}. */
  public static LocalAnvil start() {
    return start(locateBinary());
  }

  /**
   * Starts the Anvil binary {@code binary} on a free loopback port and waits (at most 30 s) until it answers
   * JSON-RPC with chain id {@value #CHAIN_ID}.
   *
   * @throws PerunException if it cannot be started or does not answer; the message holds Anvil's last output
   */
  public static LocalAnvil start(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new PerunException(missingMessage(List.of(binary)));
    }
    Process process;
    try {
      process = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port", "0", "--chain-id", Long.toString(CHAIN_ID), "--accounts", "3")
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new PerunException("cannot start Anvil at " + binary + ": " + e.getMessage(), e);
    }
    Thread hook = new Thread(process::destroyForcibly, "anvil-stop-" + process.pid());
    Runtime.getRuntime().addShutdownHook(hook);
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(process, tail, port), "anvil-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    EthRpc rpc = null;
    try {
      int listening = port.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      URI endpoint = new URI("http://127.0.0.1:" + listening);
      rpc = new EthRpc(JsonRpc.connect(endpoint, Duration.ofSeconds(10)));
      BigInteger chainId = rpc.chainId();
      if (!chainId.equals(BigInteger.valueOf(CHAIN_ID))) {
        throw new PerunException("Anvil answers chain id " + chainId + ", expected " + CHAIN_ID);
      }
      List<Address> dev = new ArrayList<>();
      for (JsonNode a : rpc.raw().call("eth_accounts", List.of())) {
        dev.add(EthAddress.of(a.asText()));
      }
      return new LocalAnvil(process, hook, endpoint, rpc, dev);
    } catch (TimeoutException e) {
      stop(process, hook, rpc);
      throw new PerunException("Anvil at " + binary + " did not listen within " + STARTUP_TIMEOUT + "; its last output:\n" + text(tail), e);
    } catch (ExecutionException e) {
      stop(process, hook, rpc);
      throw new PerunException("Anvil at " + binary + " stopped before listening; its last output:\n" + text(tail), e);
    } catch (InterruptedException e) {
      stop(process, hook, rpc);
      Thread.currentThread().interrupt();
      throw new PerunException("interrupted while starting Anvil", e);
    } catch (URISyntaxException | RuntimeException e) {
      stop(process, hook, rpc);
      throw new PerunException("Anvil at " + binary + " does not answer JSON-RPC: " + e.getMessage(), e);
    }
  }

  /**
   * The Anvil binary: {@code $PERUN_ANVIL}, else {@link #NPM_BINARY} under the working directory or a parent of it,
   * or under a parent of where perun's classes (or the perun jar) live.
   *
   * @throws PerunException saying to run {@code npm ci} in {@code perun-backend-eth/contracts} when there is none
   */
  public static Path locateBinary() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of("").toAbsolutePath());
    codeLocation().ifPresent(roots::add);
    return locateBinary(Optional.ofNullable(System.getenv(BINARY_ENV)), roots);
  }

  /** {@link #locateBinary()} with the environment variable's value {@code env} and the directories {@code roots}. */
  static Path locateBinary(Optional<String> env, List<Path> roots) {
    if (env.isPresent() && !env.get().isBlank()) {
      Path path = Path.of(env.get());
      if (!Files.isExecutable(path)) {
        throw new PerunException(BINARY_ENV + "=" + env.get() + " is not an executable file; point it at an anvil binary, or unset it and run"
            + " `npm ci` in perun-backend-eth/contracts");
      }
      return path;
    }
    Map<Path, Boolean> candidates = new LinkedHashMap<>();
    for (Path root : roots) {
      for (Path dir = root; dir != null; dir = dir.getParent()) {
        candidates.putIfAbsent(dir.resolve(NPM_BINARY), true);
      }
    }
    return candidates.keySet().stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new PerunException(missingMessage(candidates.keySet().stream().limit(1).toList())));
  }

  private static Optional<Path> codeLocation() {
    try {
      return Optional.of(Path.of(LocalAnvil.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String missingMessage(List<Path> looked) {
    return "the Anvil binary is missing (looked for " + (looked.isEmpty() ? NPM_BINARY : looked.get(0)) + " and in the parent directories)."
        + " Run `npm ci` in perun-backend-eth/contracts to install it (npm package @foundry-rs/anvil-linux-amd64),"
        + " or set " + BINARY_ENV + " to an anvil binary.";
  }

  private static void drain(Process process, Deque<String> tail, CompletableFuture<Integer> port) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (!port.isDone() && m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
      port.completeExceptionally(new IOException("Anvil's output ended"));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  private static String text(Deque<String> tail) {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  private static void stop(Process process, Thread hook, EthRpc rpc) {
    if (rpc != null) {
      rpc.close();
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  /** The HTTP JSON-RPC endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A JSON-RPC client of this chain, closed with it. */
  public EthRpc rpc() {
    return rpc;
  }

  /** Anvil's unlocked dev accounts, each with 10000 ETH. */
  public List<Address> devAccounts() {
    return devAccounts;
  }

  /**
   * Sends {@code wei} from dev account {@code devIndex} to {@code to} and waits until it is mined.
   *
   * @return the transaction hash
   */
  public Bytes fund(int devIndex, Address to, BigInteger wei) throws InterruptedException {
    Map<String, Object> tx = new LinkedHashMap<>();
    tx.put("from", EthRpc.hex(devAccounts.get(devIndex)));
    tx.put("to", EthRpc.hex(to));
    tx.put("value", EthRpc.toQuantity(wei));
    Bytes hash = EthRpc.data(rpc.raw().call("eth_sendTransaction", List.of(tx)));
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (rpc.receipt(hash).isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new PerunException("Anvil did not mine transfer " + hash + " within " + RECEIPT_TIMEOUT);
      }
      Thread.sleep(5);
    }
    return hash;
  }

  /**
   * Moves chain time at least {@code seconds} forward: {@code evm_increaseTime} and {@code evm_mine}, again for the
   * rest if the new block's time is short of it (Anvil adds the offset to the wall clock, and a burst of blocks
   * may have run ahead of it).
   */
  public void advanceTime(long seconds) {
    long target = rpc.latestBlock().timestamp() + seconds;
    long step = seconds;
    while (step > 0) {
      rpc.raw().call("evm_increaseTime", List.of(step));
      rpc.raw().call("evm_mine", List.of());
      step = target - rpc.latestBlock().timestamp();
    }
  }

  /** Whether the process still runs. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops Anvil and waits until it has exited. */
  @Override
  public void close() {
    stop(process, shutdownHook, rpc);
  }

  @Override
  public String toString() {
    return "LocalAnvil(" + endpoint + ", pid " + process.pid() + ")";
  }
}
