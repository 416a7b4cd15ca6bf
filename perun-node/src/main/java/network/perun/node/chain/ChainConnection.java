// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.function.Consumer;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.Funder;

/**
 * A node's link to its chain: the funder and adjudicator ports the client needs, plus what the node shows and
 * sets up (the asset its channels hold, on-chain balances, the chain time, and a development faucet).
 */
public interface ChainConnection extends AutoCloseable {
  /** The funder of new channels. */
  Funder funder();

  /** The adjudicator for disputes and settlement. */
  Adjudicator adjudicator();

  /** The asset every channel of the node holds. */
  Asset asset();

  /** {@code account}'s balance of {@link #asset()} outside channels. */
  BigInteger balance(Address account) throws InterruptedException;

  /** The chain time in seconds. */
  long time() throws InterruptedException;

  /**
   * Tops {@code account} up to at least {@code amount} of {@link #asset()} from the development faucet (a
   * simulated chain's genesis allocation); returns the balance.
   */
  BigInteger topUp(Address account, BigInteger amount) throws InterruptedException;

  /**
   * Has {@code listener} told of every transaction the node sends once it is mined (on the sender's thread), for
   * the metrics. Chains without transactions of their own (the simulated ones) never call it.
   */
  default void onTransaction(Consumer<ChainTransaction> listener) {
    Objects.requireNonNull(listener, "listener");
  }

  /** What the node logs about the chain: its kind and where it is. */
  String describe();

  @Override
  void close();
}
