// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.anvil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * A local Anvil chain for tests: one {@code anvil} process on a free loopback port, with the deterministic dev
 * accounts of the standard test mnemonic, chain id 31337 and automine (one block per transaction).
 *
 * <p>Start one per test class ({@code @BeforeAll}) and close it in {@code @AfterAll}; a JVM shutdown hook also
 * stops the process if a test run dies. Time moves only through {@link #increaseTime(long)} and {@link #mine()},
 * and {@link #snapshot()}/{@link #revert(String)} reset the chain between tests.
 *
 * <p>The binary is {@code $PERUN_ANVIL} when that is set, otherwise
 * {@code perun-backend-eth/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}, which
 * {@code npm ci} in {@code perun-backend-eth/contracts} installs. A missing binary fails the test with that hint.
 */
public final class AnvilFixture implements AutoCloseable {
  /** The chain id every fixture chain uses. */
  public static final long CHAIN_ID = 31337;

  /** The mnemonic of the public dev accounts (Anvil's and Hardhat's default). */
  public static final String MNEMONIC = "test test test test test test test test test test test junk";

  /** The private keys of the ten dev accounts, in account order; public test keys, never use them for value. */
  public static final List<String> DEV_PRIVATE_KEYS = List.of(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
      "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
      "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
      "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
      "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
      "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  /** The environment variable that overrides the binary's location. */
  public static final String BINARY_ENV = "PERUN_ANVIL";

  /** Where {@code npm ci} in the contracts folder puts the binary, relative to the module directory. */
  public static final Path NPM_BINARY =
      Path.of("contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  /** How long {@link #awaitReceipt} waits for a transaction to be mined. */
  public static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration RECEIPT_POLL = Duration.ofMillis(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final Thread shutdownHook;
  private final String rpcUrl;
  private final HttpService http;
  private final Web3j web3j;

  private AnvilFixture(Process process, Thread shutdownHook, int port) {
    this.process = process;
    this.shutdownHook = shutdownHook;
    this.rpcUrl = "http://127.0.0.1:" + port;
    this.http = new HttpService(rpcUrl);
    this.web3j = Web3j.build(http);
  }

  /** Starts Anvil from {@link #locateBinary()}. */
  public static AnvilFixture start() {
    return start(locateBinary());
  }

  /**
   * Starts the Anvil binary at {@code binary} and waits (bounded) until it answers JSON-RPC with chain id 31337.
   *
   * @throws IllegalStateException when the binary is missing, does not start or does not answer in time
   */
  public static AnvilFixture start(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(missingBinaryMessage(List.of(binary)));
    }
    ProcessBuilder builder = new ProcessBuilder(
        binary.toString(),
        "--host", "127.0.0.1",
        "--port", "0",
        "--chain-id", Long.toString(CHAIN_ID),
        "--accounts", Integer.toString(DEV_PRIVATE_KEYS.size()),
        "--mnemonic", MNEMONIC)
        .redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Anvil at " + binary + ": " + e.getMessage(), e);
    }
    Thread hook = new Thread(process::destroyForcibly, "anvil-shutdown-" + process.pid());
    Runtime.getRuntime().addShutdownHook(hook);
    Deque<String> tail = new ArrayDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(process, tail, port), "anvil-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    AnvilFixture fixture = null;
    try {
      int listening = port.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      fixture = new AnvilFixture(process, hook, listening);
      long chainId = fixture.web3j.ethChainId().send().getChainId().longValueExact();
      if (chainId != CHAIN_ID) {
        throw new IllegalStateException("Anvil answers chain id " + chainId + ", expected " + CHAIN_ID);
      }
      return fixture;
    } catch (TimeoutException e) {
      stop(process, hook, fixture);
      throw new IllegalStateException("Anvil at " + binary + " did not listen within " + STARTUP_TIMEOUT
          + "; its last output:\n" + snapshotOf(tail), e);
    } catch (ExecutionException e) {
      stop(process, hook, fixture);
      throw new IllegalStateException("Anvil at " + binary + " stopped before listening ("
          + e.getCause().getMessage() + "); its last output:\n" + snapshotOf(tail), e);
    } catch (InterruptedException e) {
      stop(process, hook, fixture);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Anvil", e);
    } catch (IOException | RuntimeException e) {
      stop(process, hook, fixture);
      throw new IllegalStateException("Anvil at " + binary + " does not answer JSON-RPC: " + e.getMessage(), e);
    }
  }

  /**
   * The Anvil binary: {@code $PERUN_ANVIL}, or the npm-installed one found from the working directory (the module
   * directory under Maven, or the repository root).
   *
   * @throws IllegalStateException naming the places looked at and saying to run {@code npm ci}
   */
  public static Path locateBinary() {
    String env = System.getenv(BINARY_ENV);
    if (env != null && !env.isBlank()) {
      Path path = Path.of(env);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(BINARY_ENV + "=" + env + " is not an executable file");
      }
      return path;
    }
    List<Path> candidates = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve(NPM_BINARY));
      candidates.add(dir.resolve("perun-backend-eth").resolve(NPM_BINARY));
    }
    Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
    return found.orElseThrow(() -> new IllegalStateException(missingBinaryMessage(candidates.subList(0, 2))));
  }

  private static String missingBinaryMessage(List<Path> looked) {
    return "Anvil binary not found (looked at " + looked + "). Run `npm ci` in perun-backend-eth/contracts to "
        + "install it (npm package @foundry-rs/anvil-linux-amd64), or set " + BINARY_ENV + " to an anvil binary.";
  }

  private static void drain(Process process, Deque<String> tail, CompletableFuture<Integer> port) {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > LOG_TAIL_LINES) {
            tail.removeFirst();
          }
        }
        if (!port.isDone()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      }
      port.completeExceptionally(new IllegalStateException("output ended"));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  private static String snapshotOf(Deque<String> tail) {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  private static void stop(Process process, Thread hook, AnvilFixture fixture) {
    if (fixture != null) {
      fixture.web3j.shutdown();
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
      // The JVM is already shutting down: the hook itself runs.
    }
  }

  /** The HTTP JSON-RPC endpoint, {@code http://127.0.0.1:<port>}. */
  public String rpcUrl() {
    return rpcUrl;
  }

  /** A web3j client on {@link #rpcUrl()}, closed with the fixture. */
  public Web3j web3j() {
    return web3j;
  }

  /** Credentials of dev account {@code index} (0-9). */
  public static Credentials credentials(int index) {
    return Credentials.create(DEV_PRIVATE_KEYS.get(index));
  }

  /** The checksum-free lower-case address of dev account {@code index} (0-9). */
  public static String address(int index) {
    return credentials(index).getAddress();
  }

  /** Moves the chain clock forward by {@code seconds} for the next block ({@code evm_increaseTime}). */
  public void increaseTime(long seconds) {
    rpc("evm_increaseTime", List.of(seconds));
  }

  /** Sets the exact timestamp of the next block ({@code evm_setNextBlockTimestamp}); it must lie after the latest. */
  public void setNextBlockTimestamp(long timestamp) {
    rpc("evm_setNextBlockTimestamp", List.of(timestamp));
  }

  /** Mines one empty block ({@code evm_mine}). */
  public void mine() {
    rpc("evm_mine", List.of());
  }

  /** {@link #increaseTime(long)} then {@link #mine()}: the latest block's time is then at least that much later. */
  public void advanceTime(long seconds) {
    increaseTime(seconds);
    mine();
  }

  /** The latest block's timestamp in seconds. */
  public long latestTimestamp() {
    try {
      return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
          .getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes a snapshot of the whole chain state ({@code evm_snapshot}); returns its id for {@link #revert}. */
  public String snapshot() {
    return String.valueOf(rpc("evm_snapshot", List.of()));
  }

  /**
   * Reverts the chain to snapshot {@code id} ({@code evm_revert}); the snapshot is used up.
   *
   * @throws IllegalStateException when Anvil does not know the snapshot
   */
  public void revert(String id) {
    Object result = rpc("evm_revert", List.of(id));
    if (!Boolean.TRUE.equals(result)) {
      throw new IllegalStateException("evm_revert to snapshot " + id + " failed: " + result);
    }
  }

  /**
   * The receipt of a sent transaction. Automine mines each transaction right after accepting it, but
   * asynchronously, so the receipt is polled for (every 2 ms, at most {@link #RECEIPT_TIMEOUT}).
   *
   * @throws IllegalStateException when no receipt appears in time
   */
  public TransactionReceipt awaitReceipt(String transactionHash) {
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    try {
      while (true) {
        Optional<TransactionReceipt> receipt =
            web3j.ethGetTransactionReceipt(transactionHash).send().getTransactionReceipt();
        if (receipt.isPresent()) {
          return receipt.get();
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("no receipt for " + transactionHash + " within " + RECEIPT_TIMEOUT);
        }
        LockSupport.parkNanos(RECEIPT_POLL.toNanos());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The balance of {@code address} in wei at the latest block. */
  public BigInteger balance(String address) {
    try {
      return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one JSON-RPC request and returns its result; an RPC error becomes an {@link IllegalStateException}. */
  public Object rpc(String method, List<?> params) {
    try {
      RpcResult response = new Request<>(method, params, http, RpcResult.class).send();
      if (response.hasError()) {
        throw new IllegalStateException(method + params + " failed: " + response.getError().getMessage());
      }
      return response.getResult();
    } catch (IOException e) {
      throw new UncheckedIOException(method + " failed", e);
    }
  }

  /** Whether the Anvil process still runs. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the Anvil process and the client. */
  @Override
  public void close() {
    stop(process, shutdownHook, this);
  }

  /** A JSON-RPC response with an untyped result. */
  public static final class RpcResult extends Response<Object> {}
}
