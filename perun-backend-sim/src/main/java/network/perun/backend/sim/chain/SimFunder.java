// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.Funder;
import network.perun.api.spi.FundingRequest;

/**
 * The {@link Funder} of the simulated chain: deposits our agreed share of every asset from our participant
 * address, then waits in chain time until every participant's holdings cover the agreement.
 *
 * <p>Idempotent: our deposit is the part of our share the holdings do not cover yet, decided atomically, so a
 * second {@link #fund} of the same channel (after a restart, or concurrently) deposits nothing. Zero shares send
 * no transaction. The funding timeout is its own setting in chain seconds, counted from the start of
 * {@link #fund}, not the channel's challenge duration (go-perun #239).
 */
public final class SimFunder implements Funder {
  /** The default funding timeout: one hour of chain time. */
  public static final long DEFAULT_FUNDING_TIMEOUT = 3600;

  private final SimChain chain;
  private final long fundingTimeout;

  /**
   * A funder on {@code chain} that gives up once {@code fundingTimeout} chain seconds passed.
   *
   * @throws InvalidValueException for a timeout that is not positive
   */
  public SimFunder(SimChain chain, long fundingTimeout) {
    this.chain = Objects.requireNonNull(chain, "chain");
    InvalidValueException.check(fundingTimeout > 0, "funding timeout must be > 0 seconds, got %d", fundingTimeout);
    this.fundingTimeout = fundingTimeout;
  }

  /** A funder on {@code chain} with the {@linkplain #DEFAULT_FUNDING_TIMEOUT default timeout}. */
  public SimFunder(SimChain chain) {
    this(chain, DEFAULT_FUNDING_TIMEOUT);
  }

  public long fundingTimeout() {
    return fundingTimeout;
  }

  @Override
  public void fund(FundingRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    ChannelId channelId = request.channelId();
    Params params = request.params();
    ChannelId computed = chain.channelBackend().channelId(params);
    InvalidValueException.check(computed.equals(channelId), "funding request is for channel %s, its params give %s", channelId, computed);
    InvalidValueException.check(request.initialState().channelId().equals(channelId), "initial state is of channel %s, the request of %s", request.initialState().channelId(), channelId);
    long deadline = Dispute.saturatedAdd(chain.clock().now(), fundingTimeout);
    List<Asset> assets = request.initialState().allocation().assets();
    Map<Asset, BigInteger[]> needs = needs(assets, request.agreement());
    Address us = params.participants().get(request.ownIndex());

    for (Map.Entry<Asset, BigInteger[]> need : needs.entrySet()) {
      BigInteger share = need.getValue()[request.ownIndex()];
      if (share.signum() == 0) {
        continue;
      }
      chain.atomically(() -> {
        BigInteger missing = share.subtract(chain.holdings(channelId, us, need.getKey()));
        if (missing.signum() > 0) {
          chain.deposit(us, channelId, us, need.getKey(), missing);
        }
        return null;
      });
    }

    boolean funded = chain.await(() -> missing(channelId, params, assets, needs).isEmpty(), deadline);
    if (!funded) {
      Map<Integer, List<Integer>> missing = chain.atomically(() -> missing(channelId, params, assets, needs));
      if (!missing.isEmpty()) {
        throw new FundingTimeoutException(channelId, missing);
      }
    }
  }

  /** Per distinct asset, what each participant must hold (rows of a repeated asset add up). */
  private static Map<Asset, BigInteger[]> needs(List<Asset> assets, Balances agreement) {
    Map<Asset, BigInteger[]> needs = new LinkedHashMap<>();
    for (int a = 0; a < assets.size(); a++) {
      BigInteger[] need = needs.computeIfAbsent(assets.get(a), k -> zeros(agreement.numParticipants()));
      for (int p = 0; p < need.length; p++) {
        need[p] = need[p].add(agreement.get(a, p));
      }
    }
    return needs;
  }

  private static BigInteger[] zeros(int n) {
    BigInteger[] z = new BigInteger[n];
    Arrays.fill(z, BigInteger.ZERO);
    return z;
  }

  /** For each asset index whose holdings fall short, the participants that fell short; empty when funded. */
  private Map<Integer, List<Integer>> missing(ChannelId channelId, Params params, List<Asset> assets, Map<Asset, BigInteger[]> needs) {
    Map<Integer, List<Integer>> missing = new TreeMap<>();
    for (int a = 0; a < assets.size(); a++) {
      BigInteger[] need = needs.get(assets.get(a));
      List<Integer> fellShort = new ArrayList<>();
      for (int p = 0; p < need.length; p++) {
        if (chain.holdings(channelId, params.participants().get(p), assets.get(a)).compareTo(need[p]) < 0) {
          fellShort.add(p);
        }
      }
      if (!fellShort.isEmpty()) {
        missing.put(a, List.copyOf(fellShort));
      }
    }
    return missing;
  }

  @Override
  public String toString() {
    return "SimFunder(timeout " + fundingTimeout + "s)";
  }
}
