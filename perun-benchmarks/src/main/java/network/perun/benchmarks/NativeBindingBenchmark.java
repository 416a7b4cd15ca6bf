// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.util.concurrent.TimeUnit;
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
 * The libsecp256k1 binding's calls alone (ACINQ's JNI), to split {@code Secp256k1Benchmark.sign} into its plain
 * signature and the recovery that finds the recovery ID, and to compare a recovery with a verification against a
 * known public key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class NativeBindingBenchmark {
  private final fr.acinq.secp256k1.Secp256k1 lib = fr.acinq.secp256k1.Secp256k1.get();
  private final byte[] privateKey = Fixtures.sha256("perun bench crypto key");
  private final byte[] hash = Fixtures.sha256("perun bench crypto hash");
  private byte[] publicKey;
  private byte[] compact;

  @Setup
  public void setup() {
    publicKey = lib.pubkeyCreate(privateKey);
    compact = lib.sign(hash, privateKey);
  }

  @Benchmark
  public byte[] plainSign() {
    return lib.sign(hash, privateKey);
  }

  @Benchmark
  public byte[] recover() {
    return lib.ecdsaRecover(compact, hash, 0);
  }

  @Benchmark
  public boolean verifyWithKnownKey() {
    return lib.verify(compact, hash, publicKey);
  }
}
