// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import network.perun.api.Bytes;
import org.junit.jupiter.api.Test;

/** Nonces against a fake node whose pending count lags behind (it never counts our broadcasts). */
class NonceManagerTest {
  private static Bytes hash(BigInteger nonce) {
    return Bytes.wrap(nonce.toByteArray());
  }

  @Test
  void concurrentSendersGetDistinctConsecutiveNonces() throws Exception {
    NonceManager nonces = new NonceManager();
    Set<Bytes> pool = ConcurrentHashMap.newKeySet();
    List<BigInteger> drawn = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(threads.submit(() -> {
          for (int i = 0; i < 50; i++) {
            nonces.withNext(() -> BigInteger.valueOf(5), pool::contains, n -> {
              drawn.add(n);
              pool.add(hash(n));
              return hash(n);
            });
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    TreeSet<BigInteger> distinct = new TreeSet<>(drawn);
    assertEquals(400, distinct.size(), "every nonce once");
    assertEquals(BigInteger.valueOf(5), distinct.first());
    assertEquals(BigInteger.valueOf(404), distinct.last());
  }

  @Test
  void aNonceThatWasNotBroadcastIsHandedBack() {
    NonceManager nonces = new NonceManager();
    Set<Bytes> pool = ConcurrentHashMap.newKeySet();
    nonces.withNext(() -> BigInteger.ZERO, pool::contains, n -> {
      pool.add(hash(n));
      return hash(n);
    });
    assertThrows(RpcException.class, () -> nonces.withNext(() -> BigInteger.ZERO, pool::contains, n -> {
      throw new RpcException("refused", -32000, null, false);
    }));
    assertEquals(hash(BigInteger.ONE), nonces.withNext(() -> BigInteger.ZERO, pool::contains, NonceManagerTest::hash));
  }

  @Test
  void aDroppedTransactionLeavesNoGap() {
    NonceManager nonces = new NonceManager();
    AtomicLong chainPending = new AtomicLong(7);
    Set<Bytes> pool = ConcurrentHashMap.newKeySet();
    Bytes first = nonces.withNext(() -> BigInteger.valueOf(chainPending.get()), pool::contains, n -> {
      pool.add(hash(n));
      return hash(n);
    });
    assertEquals(hash(BigInteger.valueOf(7)), first);
    pool.clear(); // a reorg dropped it; the node counts 7 again
    assertEquals(hash(BigInteger.valueOf(7)), nonces.withNext(() -> BigInteger.valueOf(chainPending.get()), pool::contains, NonceManagerTest::hash),
        "nonce 7 is reused, not skipped");
  }
}
