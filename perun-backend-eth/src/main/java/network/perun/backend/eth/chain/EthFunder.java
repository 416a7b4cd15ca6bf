// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.Funder;
import network.perun.api.spi.FundingRequest;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.PerunAbi;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.rpc.TransactionSender;

/**
 * The {@link Funder} of the Ethereum backend: deposits our share of every asset of this chain into its
 * AssetHolder (ETH with the value; ERC20 after an {@code approve}, one approve-and-deposit per account and holder
 * at a time), then waits until every participant's
 * {@code holdings(fundingID)} cover the agreement.
 *
 * <p>Idempotent: it deposits only what our holdings lack, read from the {@code holdings} getter (not from a
 * bounded event look-back), so a second {@link #fund} after a restart deposits nothing. Zero shares send nothing.
 * The funding timeout is {@link EthChain.Settings#fundingTimeout()} seconds of chain time from the start of
 * {@link #fund}. Assets of other chains or backends are skipped: another funder handles them.
 */
public final class EthFunder implements Funder {
  private final EthChain chain;
  private final TransactionSender sender;

  EthFunder(EthChain chain, EthAccount account) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.sender = chain.sender(account);
  }

  @Override
  public void fund(FundingRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    ChannelId channelId = request.channelId();
    Params params = request.params();
    ChannelId computed = PerunAbi.channelId(params);
    InvalidValueException.check(computed.equals(channelId), "funding request is for channel %s, its params give %s", channelId, computed);
    InvalidValueException.check(request.initialState().channelId().equals(channelId), "initial state is of channel %s, the request of %s",
        request.initialState().channelId(), channelId);
    long deadline = saturatedAdd(chain.now(), chain.settings().fundingTimeout());
    List<Asset> assets = request.initialState().allocation().assets();
    Map<Asset, BigInteger[]> needs = needs(assets, request.agreement());
    Address us = params.participants().get(request.ownIndex());
    Bytes ourFundingId = PerunAbi.fundingId(channelId, us);

    for (Map.Entry<Asset, BigInteger[]> need : needs.entrySet()) {
      BigInteger share = need.getValue()[request.ownIndex()];
      if (share.signum() == 0 || !chain.isOnThisChain(need.getKey())) {
        continue;
      }
      Address holder = EthAsset.of(need.getKey()).holder();
      BigInteger missing = share.subtract(chain.holdings(holder, ourFundingId));
      if (missing.signum() > 0) {
        deposit(channelId, holder, ourFundingId, missing);
      }
    }

    while (true) {
      Map<Integer, List<Integer>> missing = missing(channelId, params, assets, needs);
      if (missing.isEmpty()) {
        return;
      }
      if (chain.now() >= deadline) {
        throw new FundingTimeoutException(channelId, missing);
      }
      Thread.sleep(chain.settings().pollInterval().toMillis());
    }
  }

  private void deposit(ChannelId channelId, Address holder, Bytes fundingId, BigInteger amount) throws InterruptedException {
    String what = "deposit " + amount + " into channel " + channelId.shortHex() + " at " + EthAddress.checksummed(holder);
    Optional<Address> token = chain.token(holder);
    if (token.isEmpty()) {
      sender.send(what, holder, amount, PerunCalls.deposit(fundingId, amount));
      return;
    }
    ReentrantLock lock = chain.depositLock(sender.address(), holder);
    lock.lockInterruptibly();
    try {
      BigInteger allowance = chain.allowance(token.get(), sender.address(), holder);
      if (allowance.compareTo(amount) < 0) {
        sender.send("approve " + amount + " for " + what, token.get(), BigInteger.ZERO, PerunCalls.approve(holder, amount));
      }
      sender.send(what, holder, BigInteger.ZERO, PerunCalls.deposit(fundingId, amount));
    } finally {
      lock.unlock();
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
    java.util.Arrays.fill(z, BigInteger.ZERO);
    return z;
  }

  /** For each asset index of this chain whose holdings fall short, the participants that fell short. */
  private Map<Integer, List<Integer>> missing(ChannelId channelId, Params params, List<Asset> assets, Map<Asset, BigInteger[]> needs) {
    Map<Integer, List<Integer>> missing = new TreeMap<>();
    for (int a = 0; a < assets.size(); a++) {
      if (!chain.isOnThisChain(assets.get(a))) {
        continue;
      }
      Address holder = EthAsset.of(assets.get(a)).holder();
      BigInteger[] need = needs.get(assets.get(a));
      List<Integer> fellShort = new ArrayList<>();
      for (int p = 0; p < need.length; p++) {
        if (need[p].signum() > 0 && chain.holdings(holder, PerunAbi.fundingId(channelId, params.participants().get(p))).compareTo(need[p]) < 0) {
          fellShort.add(p);
        }
      }
      if (!fellShort.isEmpty()) {
        missing.put(a, List.copyOf(fellShort));
      }
    }
    return missing;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  @Override
  public String toString() {
    return "EthFunder(" + EthAddress.checksummed(sender.address()) + " on " + chain + ")";
  }
}
