// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.util.concurrent.TimeUnit;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.NoApp;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.spi.Account;
import network.perun.api.spi.ChannelBackend;
import network.perun.core.channel.ChannelMachine;
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
 * The state machine's update path as the proposer runs it: {@code update} (the transition checks), {@code sign},
 * {@code addSignature} (the peer's signature checked) and {@code enableUpdate}. Once with the Ethereum backend's
 * signatures ({@code ethUpdate}: the whole cost of one side of an update, without I/O), once with a backend that
 * does no cryptography ({@code machineOnly}: what the machine itself costs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class ChannelMachineBenchmark {
  /** Signs with a constant and accepts every signature. */
  private static final ChannelBackend NO_CRYPTO = new ChannelBackend() {
    private final Signature constant = new Signature(Bytes.zeros(65));

    @Override
    public ChannelId channelId(Params params) {
      return Fixtures.ID;
    }

    @Override
    public Signature sign(Account account, network.perun.api.State state) {
      return constant;
    }

    @Override
    public boolean verify(Address signer, network.perun.api.State state, Signature signature) {
      return true;
    }
  };

  private ChannelMachine acting;
  private network.perun.api.State next;
  private Signature bobsSignature;

  @Setup
  public void setup() {
    acting = Fixtures.acting(7);
    next = Fixtures.state(8);
    bobsSignature = Fixtures.ETH.sign(Fixtures.BOB, next);
  }

  /** A new instance equal to {@code next}: each update signs and hashes a state of its own. */
  private network.perun.api.State freshNext() {
    return new network.perun.api.State(next.channelId(), next.version(), next.allocation(), next.app(), next.data(), next.isFinal());
  }

  @Benchmark
  public ChannelMachine ethUpdate() {
    return acting.update(freshNext(), 0, NoApp.INSTANCE).sign(Fixtures.ETH, Fixtures.ALICE).addSignature(Fixtures.ETH, 1, bobsSignature).enableUpdate();
  }

  @Benchmark
  public ChannelMachine machineOnly() {
    return acting.update(freshNext(), 0, NoApp.INSTANCE).sign(NO_CRYPTO, Fixtures.ALICE).addSignature(NO_CRYPTO, 1, bobsSignature).enableUpdate();
  }
}
