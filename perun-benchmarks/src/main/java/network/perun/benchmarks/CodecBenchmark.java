// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.util.concurrent.TimeUnit;
import network.perun.api.Signature;
import network.perun.api.Transaction;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateAcc;
import network.perun.api.message.Envelope;
import network.perun.backend.eth.EthSignatures;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.persistence.spi.PersistedChannelCodec;
import network.perun.wire.codec.PerunIoCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The perunio wire codec on the two messages of every update (the proposal {@code ChannelUpdate} and the answer
 * {@code ChannelUpdateAcc}, in their envelopes, with 65-byte Ethereum signatures), and the store's channel record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class CodecBenchmark {
  private final PerunIoCodec codec = new PerunIoCodec(EthSignatures.LENGTH);
  private final PersistedChannelCodec records = new PersistedChannelCodec(EthSignatures.LENGTH);
  private Envelope update;
  private Envelope acc;
  private byte[] updateBytes;
  private byte[] accBytes;
  private PersistedChannel channel;
  private byte[] channelRecord;

  @Setup
  public void setup() {
    Transaction tx = Fixtures.signed(7);
    network.perun.api.State next = Fixtures.state(8);
    Signature sig = Fixtures.ETH.sign(Fixtures.ALICE, next);
    update = new Envelope(Fixtures.ALICE_WIRE, Fixtures.BOB_WIRE, new ChannelUpdate(next, 0, sig));
    acc = new Envelope(Fixtures.BOB_WIRE, Fixtures.ALICE_WIRE, new ChannelUpdateAcc(Fixtures.ID, 8, sig));
    updateBytes = codec.encode(update);
    accBytes = codec.encode(acc);
    channel = Fixtures.persisted(Fixtures.ID, Fixtures.PARAMS, tx);
    channelRecord = records.encode(channel);
  }

  @Benchmark
  public byte[] encodeUpdate() {
    return codec.encode(update);
  }

  @Benchmark
  public Envelope decodeUpdate() {
    return codec.decode(updateBytes);
  }

  @Benchmark
  public byte[] encodeAcc() {
    return codec.encode(acc);
  }

  @Benchmark
  public Envelope decodeAcc() {
    return codec.decode(accBytes);
  }

  @Benchmark
  public byte[] encodeStoreRecord() {
    return records.encode(channel);
  }

  @Benchmark
  public PersistedChannel decodeStoreRecord() {
    return records.decode(channelRecord);
  }
}
