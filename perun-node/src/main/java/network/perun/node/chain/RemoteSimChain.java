// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import java.math.BigInteger;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.Funder;

/** A node's link to a simulated chain served by {@code perun chain} ({@code backend = "sim"} with {@code chain-url}). */
public final class RemoteSimChain implements ChainConnection {
  private final RemoteChain chain;
  private final RemoteSimFunder funder;
  private final RemoteSimAdjudicator adjudicator;

  public RemoteSimChain(RemoteChain chain, long fundingTimeout) {
    this.chain = chain;
    this.funder = new RemoteSimFunder(chain, fundingTimeout);
    this.adjudicator = new RemoteSimAdjudicator(chain);
  }

  public RemoteChain remote() {
    return chain;
  }

  @Override
  public Funder funder() {
    return funder;
  }

  @Override
  public Adjudicator adjudicator() {
    return adjudicator;
  }

  @Override
  public Asset asset() {
    return EmbeddedSimChain.ASSET;
  }

  @Override
  public BigInteger balance(Address account) throws InterruptedException {
    return chain.balance(account, EmbeddedSimChain.ASSET);
  }

  @Override
  public long time() throws InterruptedException {
    return chain.time();
  }

  @Override
  public BigInteger topUp(Address account, BigInteger amount) throws InterruptedException {
    BigInteger have = chain.balance(account, EmbeddedSimChain.ASSET);
    if (have.compareTo(amount) >= 0) {
      return have;
    }
    return chain.mint(account, EmbeddedSimChain.ASSET, amount.subtract(have));
  }

  @Override
  public String describe() {
    return "simulated chain service at " + chain.url();
  }

  @Override
  public void close() {
    chain.close();
  }
}
