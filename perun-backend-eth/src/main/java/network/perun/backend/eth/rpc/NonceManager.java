// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.math.BigInteger;
import java.util.function.Supplier;

/**
 * The nonces of one account on one chain connection, shared by every sender that uses the connection
 * ({@link EthRpc#nonces(Address)}; go-perun keeps one process-wide map instead, which goes wrong when a chain is
 * restarted with the same ID), plus the repair go-perun lacks.
 *
 * <pre>
 * next     = max(chain's pending nonce, our expectation); expectation = next + 1
 * release  = a drawn nonce that was never broadcast is handed back if it is the latest one, so no gap stays
 * </pre>
 *
 * <p>{@link #withNext} holds the account's lock from drawing the nonce until the transaction is broadcast, so
 * concurrent senders broadcast in nonce order.
 */
public final class NonceManager {
  private BigInteger expected = BigInteger.ZERO;

  NonceManager() {}

  /** What to do with a drawn nonce: broadcast a transaction; returns its hash, or throws if nothing went out. */
  @FunctionalInterface
  public interface Broadcast<T> {
    T send(BigInteger nonce);
  }

  /**
   * Draws the next nonce, using {@code chainPending} (the chain's pending nonce), and runs {@code broadcast} with
   * it under the account's lock. If {@code broadcast} throws, the nonce is handed back.
   */
  public synchronized <T> T withNext(Supplier<BigInteger> chainPending, Broadcast<T> broadcast) {
    BigInteger nonce = chainPending.get().max(expected);
    expected = nonce.add(BigInteger.ONE);
    try {
      return broadcast.send(nonce);
    } catch (RuntimeException e) {
      if (expected.equals(nonce.add(BigInteger.ONE))) {
        expected = nonce;
      }
      throw e;
    }
  }
}
