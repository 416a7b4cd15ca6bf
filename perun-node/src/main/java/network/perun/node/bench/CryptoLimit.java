// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import network.perun.backend.eth.crypto.RecoverableSignature;
import network.perun.backend.eth.crypto.Secp256k1;

/**
 * The raw secp256k1 speed of this JVM on a number of threads, and the update rate it allows.
 *
 * <p>A sign is {@link Secp256k1#sign} as the Ethereum backend calls it: a deterministic low-s signature of a 32-byte
 * hash <em>with its recovery ID</em>. (The native binding returns no recovery ID, so the native implementation
 * recovers once per signature to find it: one native sign costs about one plain sign plus one recovery.) A recovery
 * is {@link Secp256k1#recover}: the public key from a hash and a signature, which is how every Ethereum signature
 * is verified. Neither includes ABI encoding or Keccak hashing: those belong to the framework's cost.
 *
 * <pre>
 * one off-chain update of a two-party channel = 2 signs + 2 recoveries
 *     (the proposer signs and recovers the acceptance; the responder recovers the proposal and signs)
 * crypto limit [updates/s] = 1 / (2 / signs_per_sec + 2 / recovers_per_sec)
 * </pre>
 *
 * <p>Both parties run in one JVM in {@code perun bench}, so both halves of every update share the same threads.
 *
 * @param implementation {@code native} or {@code bouncycastle}
 * @param threads the threads that signed (and then recovered) at once
 * @param signsPerSec signatures per second, all threads together
 * @param recoversPerSec recoveries per second, all threads together
 * @param cpu the cores this process and the machine used while measuring
 */
record CryptoLimit(String implementation, int threads, double signsPerSec, double recoversPerSec, CpuMeter.Usage cpu) {
  private static final int HASHES = 256;

  /** The formula, for the output. */
  static final String FORMULA = "1 / (2 / signs_per_sec + 2 / recovers_per_sec)";

  /** The update rate that signing and recovering alone allow: {@value #FORMULA}. */
  double updatesPerSec() {
    return 1 / (2 / signsPerSec + 2 / recoversPerSec);
  }

  /** Measures signs, then recoveries, for {@code each} on {@code threads} threads at once. */
  static CryptoLimit measure(int threads, Duration each) throws InterruptedException {
    Secp256k1 secp = Secp256k1.get();
    List<Worker> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(new Worker(secp, t));
    }
    Duration warmup = Duration.ofMillis(Math.min(300, each.toMillis() / 4));
    run(workers, warmup, true);
    CpuMeter meter = CpuMeter.start();
    double signs = run(workers, each, true);
    run(workers, warmup, false);
    double recovers = run(workers, each, false);
    return new CryptoLimit(secp.name(), threads, signs, recovers, meter.stop());
  }

  /** Runs every worker for {@code duration} at once; the operations per second of all together. */
  private static double run(List<Worker> workers, Duration duration, boolean sign) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(workers.size());
    AtomicLong ops = new AtomicLong();
    AtomicLong longestNanos = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (Worker w : workers) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          long begin = System.nanoTime();
          long end = begin + duration.toNanos();
          long n = 0;
          long now;
          do {
            w.operate(sign, n);
            n++;
            now = System.nanoTime();
          } while (now < end);
          ops.addAndGet(n);
          longestNanos.accumulateAndGet(now - begin, Math::max);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, "perun-bench-crypto");
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    done.await();
    for (Thread thread : threads) {
      thread.join();
    }
    if (longestNanos.get() == 0) {
      throw new IllegalStateException("no crypto worker finished (interrupted?)");
    }
    return ops.get() / (longestNanos.get() / 1e9);
  }

  /** One thread's key, hashes and signatures to recover. */
  private static final class Worker {
    private final Secp256k1 secp;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final byte[][] hashes = new byte[HASHES][];
    private final RecoverableSignature[] signatures = new RecoverableSignature[HASHES];
    private int sink;

    Worker(Secp256k1 secp, int index) {
      this.secp = secp;
      this.privateKey = sha256("perun bench crypto key " + index);
      this.publicKey = secp.publicKey(privateKey);
      for (int i = 0; i < HASHES; i++) {
        hashes[i] = sha256("perun bench crypto hash " + index + " " + i);
        signatures[i] = secp.sign(hashes[i], privateKey, publicKey);
      }
    }

    void operate(boolean sign, long n) {
      int i = (int) (n % HASHES);
      if (sign) {
        sink += secp.sign(hashes[i], privateKey, publicKey).recoveryId();
      } else {
        byte[] pub = secp.recover(hashes[i], signatures[i]).orElseThrow(() -> new IllegalStateException("recovery of our own signature failed"));
        sink += pub[0];
      }
    }

    @Override
    public String toString() {
      return "Worker(" + sink + ")";
    }
  }

  static byte[] sha256(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
