// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.backend.eth.EthSignatures;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.persistence.spi.PersistedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One store write per update, as the client makes them (the channel record with a fully signed current state;
 * the client writes two or three such records per update and side): {@code SYNC} (fsync per write batch) and
 * {@code ASYNC}. {@code saveOneWriter} is one thread, so one write per fsync; {@code saveEightWriters} is eight
 * threads on eight channels at once, whose writes the store groups under one fsync.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LevelDbBenchmark {
  /** The store, one per trial, in a temporary directory. */
  @org.openjdk.jmh.annotations.State(Scope.Benchmark)
  public static class Store {
    @Param({"SYNC", "ASYNC"})
    public Durability durability;

    Path dir;
    LevelDbChannelStore store;
    final AtomicInteger channels = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory("perun-jmh-leveldb-");
      store = LevelDbChannelStore.open(dir, durability, EthSignatures.LENGTH);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      store.close();
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One thread's channel and its records of successive versions. */
  @org.openjdk.jmh.annotations.State(Scope.Thread)
  public static class Channel {
    PersistedChannel[] records = new PersistedChannel[64];
    int next;

    @Setup(Level.Trial)
    public void create(Store store) {
      Params params = Params.ledger(3600, Fixtures.PARAMS.participants(), Optional.empty(), BigInteger.valueOf(1000 + store.channels.incrementAndGet()));
      ChannelId id = Fixtures.ETH.channelId(params);
      Transaction template = Fixtures.signed(1);
      for (int v = 0; v < records.length; v++) {
        State s = template.state();
        State mine = new State(id, v + 1, s.allocation(), s.app(), s.data(), false);
        Transaction tx = new Transaction(mine, template.signatures()); // signatures are not checked by the store
        records[v] = new PersistedChannel(id, params, 0, Phase.ACTING, Optional.of(tx), Optional.empty(), List.of(Fixtures.ALICE_WIRE, Fixtures.BOB_WIRE),
            Optional.empty());
      }
      store.store.save(records[0]);
    }
  }

  @Benchmark
  public int saveOneWriter(Store store, Channel channel) {
    PersistedChannel record = channel.records[channel.next++ & 63];
    store.store.save(record);
    return channel.next;
  }

  @Benchmark
  @Threads(8)
  public int saveEightWriters(Store store, Channel channel) {
    PersistedChannel record = channel.records[channel.next++ & 63];
    store.store.save(record);
    return channel.next;
  }
}
