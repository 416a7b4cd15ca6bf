// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import network.perun.backend.eth.crypto.BouncyCastleSecp256k1;
import network.perun.backend.eth.crypto.RecoverableSignature;
import network.perun.backend.eth.crypto.Secp256k1;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw secp256k1 on a 32-byte hash: {@code native} (libsecp256k1 through JNI, what {@code Secp256k1.get()} picks
 * when it loads) and {@code bouncycastle} (the pure-Java fallback). {@code sign} yields the recovery ID too, as
 * Ethereum needs it; the native binding has no recoverable signing, so it signs and then recovers once
 * (see {@link NativeBindingBenchmark} for the binding's
 * calls alone).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class Secp256k1Benchmark {
  @Param({"native", "bouncycastle"})
  public String implementation;

  private Secp256k1 secp;
  private final byte[] privateKey = Fixtures.sha256("perun bench crypto key");
  private final byte[] hash = Fixtures.sha256("perun bench crypto hash");
  private byte[] publicKey;
  private RecoverableSignature signature;

  @Setup
  public void setup() {
    secp = implementation.equals("native") ? Secp256k1.get() : new BouncyCastleSecp256k1();
    if (!secp.name().equals(implementation)) {
      throw new IllegalStateException("wanted secp256k1 " + implementation + ", this JVM has " + secp.name());
    }
    publicKey = secp.publicKey(privateKey);
    signature = secp.sign(hash, privateKey, publicKey);
  }

  @Benchmark
  public RecoverableSignature sign() {
    return secp.sign(hash, privateKey, publicKey);
  }

  @Benchmark
  public Optional<byte[]> recover() {
    return secp.recover(hash, signature);
  }
}
