// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import network.perun.api.PerunException;
import network.perun.api.State;
import network.perun.core.client.Channel;

/**
 * The end-to-end update benchmark: Alice updates {@code channels} channels with Bob at once (each channel
 * sequentially), every update a payment of one unit, until {@code updates} updates are done; first
 * {@code warmup} updates that are not measured.
 */
final class UpdateBench {
  private static final UnaryOperator<State> PAY_ONE = s -> s.withBalances(s.balances().transfer(0, 0, 1, BigInteger.ONE));

  private UpdateBench() {}

  /** What one run measured. */
  record Result(int channels, int updates, int warmup, BenchDurability durability, double seconds, Latencies latencies, List<String> failures,
      double openSeconds, CpuMeter.Usage cpu) {
    double updatesPerSec() {
      return updates / seconds;
    }
  }

  static Result run(Path dir, BenchDurability durability, int channels, int warmup, int updates) throws InterruptedException {
    try (BenchNodes nodes = new BenchNodes(dir, durability)) {
      long openStart = System.nanoTime();
      List<Channel> open = nodes.open(channels, 50);
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      List<String> failures = new ArrayList<>();
      drive(open, warmup, new long[warmup], failures);
      long[] latencies = new long[updates];
      CpuMeter meter = CpuMeter.start();
      long start = System.nanoTime();
      drive(open, updates, latencies, failures);
      double seconds = (System.nanoTime() - start) / 1e9;
      CpuMeter.Usage cpu = meter.stop();
      checkBalances(nodes, open, warmup + updates, failures);
      return new Result(channels, updates, warmup, durability, seconds, Latencies.of(latencies), failures, openSeconds, cpu);
    }
  }

  /** Runs {@code total} updates spread over the channels, one virtual thread per channel; fills {@code latencies}. */
  private static void drive(List<Channel> channels, int total, long[] latencies, List<String> failures) throws InterruptedException {
    AtomicInteger tickets = new AtomicInteger();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>(channels.size());
    for (Channel ch : channels) {
      threads.add(Thread.ofVirtual().name("perun-bench-" + ch.id().shortHex()).start(() -> {
        for (int t = tickets.getAndIncrement(); t < total; t = tickets.getAndIncrement()) {
          long begin = System.nanoTime();
          try {
            ch.update(PAY_ONE, BenchNodes.TIMEOUT);
          } catch (PerunException e) {
            failed.add("channel " + ch.id().shortHex() + ": " + e.getMessage());
            return;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          latencies[t] = System.nanoTime() - begin;
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    failures.addAll(failed);
  }

  /** Every unit Alice paid arrived: Bob holds the same states, and they add up to the number of updates. */
  private static void checkBalances(BenchNodes nodes, List<Channel> channels, int expected, List<String> failures) {
    BigInteger paid = BigInteger.ZERO;
    for (Channel ch : channels) {
      State ours = ch.state();
      State bobs = nodes.bob.channel(ch.id()).map(Channel::state).orElse(null);
      if (!ours.equals(bobs)) {
        failures.add("channel " + ch.id().shortHex() + ": Alice holds version " + ours.version() + ", Bob "
            + (bobs == null ? "no channel" : "version " + bobs.version()));
      }
      paid = paid.add(BenchNodes.DEPOSIT.subtract(ours.balances().get(0, 0)));
    }
    if (failures.isEmpty() && !paid.equals(BigInteger.valueOf(expected))) {
      failures.add("Alice paid " + paid + " units in total, expected " + expected);
    }
  }
}
