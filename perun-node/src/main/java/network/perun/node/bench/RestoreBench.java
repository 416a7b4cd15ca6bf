// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.api.message.ChannelSync;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthChannelBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.EthWalletBackend;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimFunder;
import network.perun.core.client.Channel;
import network.perun.core.client.Client;
import network.perun.core.client.UpdateHandler;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.tcp.Ed25519WireIdentity;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;

/**
 * The restore benchmark: {@code channels} open channels of Alice with Bob are written to a LevelDB store directly
 * (each at version 1, fully signed with Ethereum signatures, phase ACTING), then a fresh client of Alice opens the
 * store and {@link Client#restore()}s them; measured are the time and the heap they take.
 *
 * <p>Restoring does what a restarting node does: every channel gets its watcher (an adjudicator subscription and a
 * virtual thread) and sends a {@link ChannelSync} to its peer. Bob is a live TCP node that counts the syncs; he has
 * the same states, so a real client of his would not answer them.
 */
final class RestoreBench {
  private RestoreBench() {}

  /** What one run measured. */
  record Result(int channels, int restored, double writeSeconds, double openStoreMs, double restoreMs, long heapBeforeBytes,
      long heapAfterBytes, long maxHeapBytes, long syncsReceived, double syncsMs, CpuMeter.Usage cpu, double restoreThreadCpuMs) {
    double heapPerChannelBytes() {
      return (heapAfterBytes - heapBeforeBytes) / (double) channels;
    }
  }

  static Result run(Path dir, int channels) throws InterruptedException {
    EthChannelBackend backend = new EthChannelBackend();
    EthWallet aliceWallet = new EthWallet();
    EthAccount alice = aliceWallet.addPrivateKey(CryptoLimit.sha256("perun bench alice"));
    EthAccount bob = new EthWallet().addPrivateKey(CryptoLimit.sha256("perun bench bob"));
    PerunIoCodec codec = new PerunIoCodec(new EthWalletBackend().signatureSize());
    SecureRandom random = new SecureRandom();
    Ed25519WireIdentity aliceIdentity = Ed25519WireIdentity.generate(random);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    AtomicLong syncs = new AtomicLong();
    AtomicLong lastSyncNanos = new AtomicLong();
    Path storeDir = dir.resolve("alice");

    try (TcpTransport bobTransport = TcpTransport.builder(Ed25519WireIdentity.generate(random), new Ed25519WireVerifier(), codec).listen(loopback).start();
        AutoCloseable counting = bobTransport.subscribe(bobTransport.address(), env -> {
          if (env.message() instanceof ChannelSync) {
            syncs.incrementAndGet();
            lastSyncNanos.set(System.nanoTime());
          }
        })) {
      List<WireAddress> peers = List.of(aliceIdentity.address(), bobTransport.address());
      long writeStart = System.nanoTime();
      write(storeDir, channels, backend, alice, bob, peers);
      double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

      SimChain chain = new SimChain(backend, new SimClock(0));
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      // Room for one sync per channel: the default queue (1024 envelopes) overflows when a node restores thousands of
      // channels at once, and the syncs that do not fit are dropped (see docs/benchmarks.md).
      int queue = Math.max(1024, channels + 1024);
      try (TcpTransport aliceTransport = TcpTransport.builder(aliceIdentity, new Ed25519WireVerifier(), codec).listen(loopback).sendQueueCapacity(queue)
          .start()) {
        aliceTransport.addPeer(bobTransport.address(), bobTransport.listenAddress());
        long heapBefore = usedHeapAfterGc();
        long openStart = System.nanoTime();
        try (LevelDbChannelStore store = LevelDbChannelStore.open(storeDir, Durability.SYNC, new EthWalletBackend().signatureSize());
            Client client = Client.builder()
                .identity(aliceIdentity.address())
                .transport(aliceTransport)
                .funder(new SimFunder(chain))
                .adjudicator(new SimAdjudicator(chain))
                .wallet(aliceWallet)
                .channelBackend(backend)
                .executor(executor)
                .random(random)
                .ticker(System::nanoTime)
                .updateHandler(UpdateHandler.acceptAll())
                .store(store)
                .build()) {
          CpuMeter meter = CpuMeter.start();
          long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
          long restoreStart = System.nanoTime();
          List<Channel> restored = client.restore();
          long restoreEnd = System.nanoTime();
          double restoreThreadCpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu) / 1e6;
          CpuMeter.Usage cpu = meter.stop();
          // Wait for the syncs to arrive, until none has arrived for ten seconds (a loaded machine pauses long).
          long seen = -1;
          long lastProgress = System.nanoTime();
          while (syncs.get() < restored.size() && System.nanoTime() - lastProgress < 10_000_000_000L) {
            if (syncs.get() != seen) {
              seen = syncs.get();
              lastProgress = System.nanoTime();
            }
            Thread.sleep(10);
          }
          double syncsMs = syncs.get() == 0 ? Double.NaN : (lastSyncNanos.get() - restoreStart) / 1e6;
          long heapAfter = usedHeapAfterGc(); // the channels, their watchers and the client; the sync frames are gone
          return new Result(channels, restored.size(), writeSeconds, (restoreStart - openStart) / 1e6, (restoreEnd - restoreStart) / 1e6,
              heapBefore, heapAfter, Runtime.getRuntime().maxMemory(), syncs.get(), syncsMs, cpu, restoreThreadCpuMs);
        }
      } finally {
        executor.shutdownNow();
      }
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the restore benchmark failed", e);
    }
  }

  /** Writes {@code n} open channels, signed by both, with several writers at once (the store groups their writes). */
  private static void write(Path dir, int n, EthChannelBackend backend, EthAccount alice, EthAccount bob, List<WireAddress> peers)
      throws InterruptedException {
    int writers = Math.max(2, Runtime.getRuntime().availableProcessors());
    try (LevelDbChannelStore store = LevelDbChannelStore.open(dir, Durability.ASYNC, new EthWalletBackend().signatureSize());
        ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> parts = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int first = w;
        parts.add(pool.submit(() -> {
          for (int i = first; i < n; i += writers) {
            store.save(channel(i, backend, alice, bob, peers));
          }
        }));
      }
      for (Future<?> part : parts) {
        try {
          part.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("writing the channels failed: " + e.getCause(), e.getCause());
        }
      }
    }
  }

  private static PersistedChannel channel(int i, EthChannelBackend backend, EthAccount alice, EthAccount bob, List<WireAddress> peers) {
    List<Address> participants = List.of(alice.address(), bob.address());
    Params params = Params.ledger(3600, participants, Optional.empty(), BigInteger.valueOf(i));
    ChannelId id = backend.channelId(params);
    Allocation alloc = Allocation.of(List.of(BenchNodes.ASSET), Balances.ofSingleAsset(BenchNodes.DEPOSIT.subtract(BigInteger.ONE),
        BenchNodes.DEPOSIT.add(BigInteger.ONE)));
    State state = new State(id, 1, alloc, Optional.empty(), Bytes.EMPTY, false);
    Transaction tx = Transaction.unsigned(state).withSignature(0, backend.sign(alice, state)).withSignature(1, backend.sign(bob, state));
    return new PersistedChannel(id, params, 0, Phase.ACTING, Optional.of(tx), Optional.empty(), peers, Optional.empty());
  }

  /** The heap in use after full collections (several, so that finalizable and weakly reachable garbage is gone too). */
  static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
