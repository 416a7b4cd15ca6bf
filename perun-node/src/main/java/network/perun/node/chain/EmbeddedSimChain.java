// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.Funder;
import network.perun.backend.sim.SimAsset;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimFunder;

/**
 * A private simulated chain inside the node process ({@code backend = "sim"} without {@code chain-url}): only
 * this node sees it, so it suits single-node experiments and tests that share the {@link SimChain} object.
 *
 * <p>With a non-zero tick the chain clock advances one second per tick of real time, so challenge periods end.
 */
public final class EmbeddedSimChain implements ChainConnection {
  /** The asset of the node's simulated channels. */
  public static final Asset ASSET = SimAsset.of(1);

  private final SimChain chain;
  private final SimFunder funder;
  private final SimAdjudicator adjudicator;
  private final ScheduledExecutorService ticker;

  /** The node's view of {@code chain} (which may be shared with other in-process nodes). */
  public EmbeddedSimChain(SimChain chain, long fundingTimeout, Duration tick) {
    this.chain = chain;
    this.funder = new SimFunder(chain, fundingTimeout);
    this.adjudicator = new SimAdjudicator(chain);
    if (tick.isZero()) {
      ticker = null;
    } else {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-chain-clock");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(() -> chain.clock().advance(1), tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A fresh private chain on the sim backend. */
  public static EmbeddedSimChain create(long fundingTimeout, Duration tick) {
    return new EmbeddedSimChain(new SimChain(new SimBackend().channelBackend(), new SimClock()), fundingTimeout, tick);
  }

  public SimChain chain() {
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
    return ASSET;
  }

  @Override
  public BigInteger balance(Address account) {
    return chain.balanceOf(account, ASSET);
  }

  @Override
  public long time() {
    return chain.clock().now();
  }

  @Override
  public BigInteger topUp(Address account, BigInteger amount) {
    return chain.atomically(() -> {
      BigInteger have = chain.balanceOf(account, ASSET);
      if (have.compareTo(amount) < 0) {
        chain.mint(account, ASSET, amount.subtract(have));
      }
      return chain.balanceOf(account, ASSET);
    });
  }

  @Override
  public String describe() {
    return "embedded simulated chain (private to this node)";
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
