// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.math.BigInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import network.perun.api.Bytes;

/**
 * The nonces of one account on one chain connection, shared by every sender that uses the connection
 * ({@link EthRpc#nonces(network.perun.api.Address)}; go-perun keeps one process-wide map instead, which goes wrong
 * when a chain restarts with the same ID), with the gap repair go-perun lacks.
 *
 * <pre>
 * next     = max(chain's pending nonce, our expectation)    normally (a node may not count our last broadcast yet)
 *          = chain's pending nonce                           if the node no longer knows our last transaction
 *                                                            (dropped by a reorg or evicted): no gap stays behind
 * release  = a drawn nonce that was never broadcast is handed back if it is the latest one
 * </pre>
 *
 * <p>{@link #withNext} holds the account's lock from drawing the nonce until the transaction is broadcast, so
 * concurrent senders broadcast in nonce order.
 */
public final class NonceManager {
  private BigInteger expected = BigInteger.ZERO;
  private Bytes lastHash;

  NonceManager() {}

  /** What to do with a drawn nonce: broadcast a transaction and return its hash, or throw if nothing went out. */
  @FunctionalInterface
  public interface Broadcast {
    Bytes send(BigInteger nonce);
  }

  /**
   * Draws the next nonce and runs {@code broadcast} with it under the account's lock. {@code chainPending} gives
   * the chain's pending nonce, {@code known} whether the node still knows a transaction. If {@code broadcast}
   * throws, the nonce is handed back.
   */
  public synchronized Bytes withNext(Supplier<BigInteger> chainPending, Predicate<Bytes> known, Broadcast broadcast) {
    BigInteger pending = chainPending.get();
    BigInteger nonce = pending;
    if (pending.compareTo(expected) < 0 && lastHash != null && known.test(lastHash)) {
      nonce = expected;
    }
    expected = nonce.add(BigInteger.ONE);
    try {
      lastHash = broadcast.send(nonce);
      return lastHash;
    } catch (RuntimeException e) {
      if (expected.equals(nonce.add(BigInteger.ONE))) {
        expected = nonce;
      }
      throw e;
    }
  }
}
