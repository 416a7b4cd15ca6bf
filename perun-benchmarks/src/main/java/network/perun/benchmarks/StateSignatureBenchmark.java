// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.util.concurrent.TimeUnit;
import network.perun.api.Signature;
import network.perun.api.codec.PerunIo;
import network.perun.backend.eth.EthSignatures;
import network.perun.backend.eth.PerunAbi;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimChannelBackend;
import network.perun.backend.sim.SimWallet;
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
 * A channel state's encoding, hash, signature and signature check, through the channel backends as the state
 * machine calls them: the Ethereum backend (ABI encoding, Keccak-256 and EIP-191, secp256k1; the implementation
 * {@code Secp256k1.get()} chose, native unless {@code -Dperun.eth.secp256k1=java}) and the sim backend (perunio
 * encoding, Ed25519).
 *
 * <p>Each sign and verify gets a new {@code State} instance, equal to the last, so no per-instance cache helps;
 * {@code ethVerifySameInstance} checks a signature of the instance that was just signed, as the proposer of an
 * update does when the answer arrives.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class StateSignatureBenchmark {
  private final SimChannelBackend sim = new SimBackend().channelBackend();
  private final SimAccount simAccount = SimWallet.fromSeed(1).newAccount();
  private network.perun.api.State state;
  private Signature ethSignature;
  private Signature simSignature;

  @Setup
  public void setup() {
    state = Fixtures.state(8);
    ethSignature = Fixtures.ETH.sign(Fixtures.BOB, state);
    simSignature = sim.sign(simAccount, state);
  }

  /** A new instance equal to {@code state}. */
  private network.perun.api.State copy() {
    return new network.perun.api.State(state.channelId(), state.version(), state.allocation(), state.app(), state.data(), state.isFinal());
  }

  @Benchmark
  public byte[] ethAbiEncodeState() {
    return PerunAbi.encode(state);
  }

  /** What is signed: keccak256("\x19Ethereum Signed Message:\n32" || keccak256(abi.encode(state))). */
  @Benchmark
  public byte[] ethStateDigest() {
    return EthSignatures.digest(PerunAbi.encode(state));
  }

  @Benchmark
  public Signature ethSign() {
    return Fixtures.ETH.sign(Fixtures.ALICE, copy());
  }

  @Benchmark
  public boolean ethVerify() {
    return Fixtures.ETH.verify(Fixtures.BOB.address(), copy(), ethSignature);
  }

  @Benchmark
  public boolean ethVerifySameInstance() {
    return Fixtures.ETH.verify(Fixtures.BOB.address(), state, ethSignature);
  }

  @Benchmark
  public byte[] simPerunIoEncodeState() {
    return PerunIo.encodeState(state);
  }

  @Benchmark
  public Signature simSign() {
    return sim.sign(simAccount, copy());
  }

  @Benchmark
  public boolean simVerify() {
    return sim.verify(simAccount.address(), copy(), simSignature);
  }
}
