// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import network.perun.api.chain.ChainTimeout;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.abi.AbiReader;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.backend.eth.rpc.RpcException;
import network.perun.backend.eth.rpc.TransactionSender;

/**
 * One EVM chain with a Perun Adjudicator: the RPC connection, the chain ID, the settings, and the getters the
 * funder and adjudicator read ({@code disputes}, {@code holdings}, {@code settled}, {@code token}).
 *
 * <p>Every contract it is given is validated before use: the code at the address must be our compiled contract
 * (immutables aside) or have a hash on {@link Settings#allowedCodeHashes()}, and an asset holder's
 * {@code adjudicator()} must be this chain's Adjudicator. Thread-safe.
 */
public final class EthChain implements AutoCloseable {
  /**
   * Chain settings.
   *
   * @param confirmations how many blocks deep a transaction or event must be before it counts (1 = mined)
   * @param pollInterval how often to poll for blocks, receipts and events (wall-clock)
   * @param receiptTimeout how long to wait for a transaction's receipt (wall-clock)
   * @param gasMargin the factor on gas estimates
   * @param fromBlock the first block that event searches look at (the Adjudicator's deployment block)
   * @param fundingTimeout chain seconds a funder waits for all deposits, counted from the start of funding
   * @param secondaryWait how long a secondary settler waits for the other party's conclusion before sending its own
   * @param allowedCodeHashes Keccak-256 hashes of runtime code accepted besides our own compiled contracts
   */
  public record Settings(int confirmations, Duration pollInterval, Duration receiptTimeout, double gasMargin, long fromBlock, long fundingTimeout,
      Duration secondaryWait, Set<Bytes> allowedCodeHashes) {
    public Settings {
      InvalidValueException.check(confirmations >= 1, "confirmations must be >= 1, got %d", confirmations);
      InvalidValueException.check(fromBlock >= 0, "fromBlock must be >= 0, got %d", fromBlock);
      InvalidValueException.check(fundingTimeout > 0, "funding timeout must be > 0 seconds, got %d", fundingTimeout);
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(receiptTimeout, "receiptTimeout");
      Objects.requireNonNull(secondaryWait, "secondaryWait");
      allowedCodeHashes = Set.copyOf(allowedCodeHashes);
    }

    /** One confirmation, 100 ms polls, 2-minute receipts, 25% gas margin, events from block 0, 1-hour funding, 2 s secondary wait. */
    public static Settings defaults() {
      return new Settings(1, Duration.ofMillis(100), Duration.ofMinutes(2), 1.25, 0, 3600, Duration.ofSeconds(2), Set.of());
    }

    TransactionSender.Settings senderSettings() {
      return new TransactionSender.Settings(confirmations, receiptTimeout, pollInterval, gasMargin);
    }
  }

  private static final ContractCode ADJUDICATOR_CODE = ContractCode.load("Adjudicator");
  private static final ContractCode ETH_HOLDER_CODE = ContractCode.load("AssetHolderETH");
  private static final ContractCode ERC20_HOLDER_CODE = ContractCode.load("AssetHolderERC20");

  private final EthRpc rpc;
  private final BigInteger chainId;
  private final Address adjudicator;
  private final Settings settings;
  private final Map<Address, Optional<Address>> holders = new ConcurrentHashMap<>();
  private final Map<List<Address>, ReentrantLock> depositLocks = new ConcurrentHashMap<>();

  /**
   * A chain reached through {@code rpc} whose Adjudicator is at {@code adjudicator}.
   *
   * @throws PerunException if the code at {@code adjudicator} is not an accepted Adjudicator
   */
  public EthChain(EthRpc rpc, Address adjudicator, Settings settings) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.adjudicator = Objects.requireNonNull(adjudicator, "adjudicator");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.chainId = rpc.chainId();
    Bytes code = rpc.code(adjudicator);
    if (code.isEmpty()) {
      throw new PerunException("no contract at Adjudicator address " + EthAddress.checksummed(adjudicator) + " on chain " + chainId);
    }
    if (!ADJUDICATOR_CODE.matches(code, settings.allowedCodeHashes())) {
      throw new PerunException("the code at " + EthAddress.checksummed(adjudicator) + " is not a known Perun Adjudicator (code hash " + codeHash(code) + ")");
    }
  }

  /** A chain at {@code endpoint} (http(s) or ws(s)). */
  public static EthChain connect(URI endpoint, Address adjudicator, Settings settings) {
    return new EthChain(new EthRpc(JsonRpc.connect(endpoint, Duration.ofSeconds(30))), adjudicator, settings);
  }

  public EthRpc rpc() {
    return rpc;
  }

  public BigInteger chainId() {
    return chainId;
  }

  public Address adjudicatorAddress() {
    return adjudicator;
  }

  public Settings settings() {
    return settings;
  }

  /** The latest block's timestamp: the chain's current time in seconds. */
  public long now() {
    return rpc.latestBlock().timestamp();
  }

  /** A timeout at chain time {@code at}. */
  public ChainTimeout timeout(long at) {
    return new EthChainTimeout(this, at);
  }

  /** A transaction sender for {@code account} on this chain. */
  public TransactionSender sender(EthAccount account) {
    return new TransactionSender(rpc, chainId, account, settings.senderSettings());
  }

  /** A funder that deposits from {@code account}. */
  public EthFunder funder(EthAccount account) {
    return new EthFunder(this, account);
  }

  /** An adjudicator that sends from {@code account} and pays withdrawals to {@code receiver}. */
  public EthAdjudicator adjudicator(EthAccount account, Address receiver) {
    return new EthAdjudicator(this, account, receiver);
  }

  /** Whether {@code asset} is an asset of this chain (an {@link EthAsset} with this chain's ID). */
  public boolean isOnThisChain(network.perun.api.Asset asset) {
    return EthAsset.isEth(asset) && EthAsset.of(asset).chainId().equals(chainId);
  }

  // ---- getters ----

  /** The Adjudicator's record of {@code channelId}; empty if it is not registered. */
  public Optional<Dispute> dispute(ChannelId channelId) {
    AbiReader r = new AbiReader(view(adjudicator, PerunCalls.disputes(channelId)).toArray());
    Bytes stateHash = Bytes.wrap(r.word(128));
    if (stateHash.isZero()) {
      return Optional.empty();
    }
    return Optional.of(new Dispute(r.uintAsLong(0, "timeout"), r.uintAsLong(32, "challengeDuration"), r.uintAsLong(64, "version"),
        Dispute.Phase.ofCode(r.uintAsInt(96, 255, "phase")), stateHash, r.bool(160)));
  }

  /** The holdings of {@code fundingId} at asset holder {@code holder}. */
  public BigInteger holdings(Address holder, Bytes fundingId) {
    return new AbiReader(view(holder, PerunCalls.holdings(fundingId)).toArray()).uint(0);
  }

  /** Whether {@code holder} has the outcome of {@code channelId}. */
  public boolean settled(Address holder, ChannelId channelId) {
    return new AbiReader(view(holder, PerunCalls.settled(channelId)).toArray()).bool(0);
  }

  /**
   * The ERC20 token of asset holder {@code holder}, or empty for an ETH holder; validated on first use.
   *
   * @throws PerunException if the code at {@code holder} is not an accepted asset holder of this Adjudicator
   */
  public Optional<Address> token(Address holder) {
    return holders.computeIfAbsent(holder, this::validateHolder);
  }

  /**
   * The lock that serialises {@code sender}'s ERC20 approve-then-deposit at {@code holder}, so one deposit's
   * {@code approve} never overwrites the allowance another deposit of the same account is about to use.
   */
  ReentrantLock depositLock(Address sender, Address holder) {
    return depositLocks.computeIfAbsent(List.of(sender, holder), k -> new ReentrantLock());
  }

  /** The ERC20 balance of {@code owner}. */
  public BigInteger tokenBalance(Address token, Address owner) {
    return new AbiReader(view(token, PerunCalls.balanceOf(owner)).toArray()).uint(0);
  }

  /** The ERC20 allowance {@code owner} gave {@code spender}. */
  public BigInteger allowance(Address token, Address owner, Address spender) {
    return new AbiReader(view(token, PerunCalls.allowance(owner, spender)).toArray()).uint(0);
  }

  private Optional<Address> validateHolder(Address holder) {
    Bytes code = rpc.code(holder);
    if (code.isEmpty()) {
      throw new PerunException("no contract at asset holder address " + EthAddress.checksummed(holder) + " on chain " + chainId);
    }
    if (!ETH_HOLDER_CODE.matches(code, settings.allowedCodeHashes()) && !ERC20_HOLDER_CODE.matches(code, settings.allowedCodeHashes())) {
      throw new PerunException("the code at " + EthAddress.checksummed(holder) + " is not a known Perun asset holder (code hash " + codeHash(code) + ")");
    }
    Optional<Address> token;
    try {
      Bytes answer = rpc.call(Optional.empty(), holder, BigInteger.ZERO, PerunCalls.token());
      token = answer.length() >= 32 ? Optional.of(EthAddress.of(new AbiReader(answer.toArray()).address(0))) : Optional.empty();
    } catch (RpcException noTokenGetter) {
      if (noTokenGetter.isTransient()) {
        throw noTokenGetter;
      }
      token = Optional.empty();
    }
    Address itsAdjudicator = EthAddress.of(new AbiReader(view(holder, PerunCalls.adjudicator()).toArray()).address(0));
    if (!itsAdjudicator.equals(adjudicator)) {
      throw new PerunException("asset holder " + EthAddress.checksummed(holder) + " belongs to adjudicator " + EthAddress.checksummed(itsAdjudicator)
          + ", not " + EthAddress.checksummed(adjudicator));
    }
    return token;
  }

  private Bytes view(Address to, byte[] data) {
    try {
      return rpc.call(Optional.empty(), to, BigInteger.ZERO, data);
    } catch (RpcException e) {
      throw new PerunException("call to " + EthAddress.checksummed(to) + " failed: " + e.getMessage(), e);
    }
  }

  private static String codeHash(Bytes code) {
    return Bytes.wrap(network.perun.backend.eth.crypto.Keccak.keccak256(code.toArray())).toString();
  }

  @Override
  public void close() {
    rpc.close();
  }

  @Override
  public String toString() {
    return "EthChain(" + chainId + ", adjudicator " + EthAddress.checksummed(adjudicator) + ")";
  }
}
