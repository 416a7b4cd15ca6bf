// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import network.perun.api.Address;
import network.perun.api.App;
import network.perun.api.AppRegistry;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.StateTransitionException;
import network.perun.api.SubAlloc;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.ChannelBackend;

/**
 * A deterministic in-memory blockchain: account balances, the asset holders' channel holdings and the
 * adjudicator's dispute records, all behind one lock, with the rules of the Perun Ethereum contracts.
 *
 * <p>It enforces what the Adjudicator and AssetHolder contracts enforce, with the same revert reasons, so a
 * client bug cannot hide behind a lenient simulator:
 *
 * <ul>
 *   <li>{@link #register} disputes a ledger channel and its sub-channels (depth-first); a newer version refutes
 *       during the challenge period without extending it; an identical state is a silent no-op;
 *   <li>{@link #progress} advances a registered app channel by one valid move after the challenge period; every
 *       move opens a fresh window of one challenge duration;
 *   <li>{@link #conclude} fixes the registered outcome once its timeout passed (an app channel that nobody
 *       progressed waits one more duration); {@link #concludeFinal} concludes a fully signed final state at once,
 *       overriding any dispute;
 *   <li>concluding sets each asset's outcome: the holdings become the outcome if the deposits cover it, and stay
 *       exactly as deposited otherwise (an underfunded channel refunds its deposits);
 *   <li>{@link #withdraw} pays a participant's holdings of a settled channel to its account.
 * </ul>
 *
 * <p>Timeouts are chain seconds of the {@link SimClock}: a final state's timeout is now; a first registration's
 * is now + challenge duration; a refutation keeps it; a progression sets now + challenge duration.
 *
 * <p>A refused operation throws {@link AdjudicatorException} with the contract's reason and changes nothing.
 * Every successful state-changing call is recorded as a {@link SimTransaction} with its sender, including a
 * register of an already registered state (a real chain mines and charges that too). Every write to a dispute
 * record is published as a {@link DisputeEvent}.
 *
 * <p>Thread-safe. Time moves only when someone advances the clock; never advance it from inside
 * {@link #atomically} or a listener.
 */
public final class SimChain {
  private final ChannelBackend backend;
  private final SimClock clock;
  private final AppRegistry apps;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  private final Map<AccountKey, BigInteger> ledger = new HashMap<>();
  private final Map<HoldingKey, BigInteger> holdings = new HashMap<>();
  private final Set<SettledKey> settled = new HashSet<>();
  private final Map<ChannelId, Dispute> disputes = new HashMap<>();
  private final Map<ChannelId, List<DisputeEvent>> events = new HashMap<>();
  private final List<SimTransaction> transactions = new ArrayList<>();
  private final List<Consumer<DisputeEvent>> listeners = new CopyOnWriteArrayList<>();
  /** Listeners of one channel each, so that many subscriptions cost no more than a few (a node watches every channel). */
  private final Map<ChannelId, List<Consumer<DisputeEvent>>> channelListeners = new ConcurrentHashMap<>();

  /**
   * A chain that computes channel IDs and checks signatures with {@code backend}, measures time with
   * {@code clock} and resolves channel apps with {@code apps}.
   */
  public SimChain(ChannelBackend backend, SimClock clock, AppRegistry apps) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.apps = Objects.requireNonNull(apps, "apps");
    clock.addListener(t -> signalChange());
  }

  /** A chain that knows no app: every app channel's progression is refused. */
  public SimChain(ChannelBackend backend, SimClock clock) {
    this(backend, clock, new AppRegistry());
  }

  public SimClock clock() {
    return clock;
  }

  public ChannelBackend channelBackend() {
    return backend;
  }

  // ---------------------------------------------------------------------------------------------- accounts

  /** Creates {@code amount} of {@code asset} in {@code account}'s balance (a genesis allocation, not a transaction). */
  public void mint(Address account, Asset asset, BigInteger amount) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(asset, "asset");
    Balances.checkAmount(amount, "minted amount");
    lock.lock();
    try {
      ledger.merge(new AccountKey(account, asset), amount, BigInteger::add);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@code account}'s balance of {@code asset} outside any channel. */
  public BigInteger balanceOf(Address account, Asset asset) {
    return read(() -> ledger.getOrDefault(new AccountKey(account, asset), BigInteger.ZERO));
  }

  // ---------------------------------------------------------------------------------------------- asset holders

  /**
   * Deposits {@code amount} of {@code asset} from {@code from}'s balance into the holdings of {@code participant}
   * in {@code channelId} (the contract's funding ID). Anyone may deposit for anyone, at any time.
   *
   * @throws AdjudicatorException if {@code from}'s balance does not cover the amount
   */
  public void deposit(Address from, ChannelId channelId, Address participant, Asset asset, BigInteger amount) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(asset, "asset");
    Balances.checkAmount(amount, "deposit amount");
    transact(SimTransaction.Kind.DEPOSIT, from, channelId, tx -> {
      BigInteger balance = tx.balance(from, asset);
      require(balance.compareTo(amount) >= 0, "insufficient balance: " + from + " holds " + balance + " of " + asset + ", the deposit needs " + amount);
      tx.setBalance(from, asset, balance.subtract(amount));
      tx.setHolding(channelId, participant, asset, tx.holding(channelId, participant, asset).add(amount));
    });
  }

  /** What the asset holder of {@code asset} holds for {@code participant} in {@code channelId}. */
  public BigInteger holdings(ChannelId channelId, Address participant, Asset asset) {
    return read(() -> holdings.getOrDefault(new HoldingKey(channelId, participant, asset), BigInteger.ZERO));
  }

  /** Whether the outcome of {@code channelId} is set for {@code asset}, so its holdings can be withdrawn. */
  public boolean isSettled(ChannelId channelId, Asset asset) {
    return read(() -> settled.contains(new SettledKey(channelId, asset)));
  }

  /**
   * Pays {@code participant}'s whole holdings of {@code asset} in {@code channelId} to its account and returns the
   * amount. Nothing to withdraw is a no-op that sends no transaction.
   *
   * @throws AdjudicatorException "channel not settled" before the outcome is set
   */
  public BigInteger withdraw(ChannelId channelId, Address participant, Asset asset) {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(asset, "asset");
    lock.lock();
    try {
      require(settled.contains(new SettledKey(channelId, asset)), "channel not settled");
      BigInteger amount = holdings.getOrDefault(new HoldingKey(channelId, participant, asset), BigInteger.ZERO);
      if (amount.signum() != 0) {
        withdraw(participant, channelId, participant, asset, amount);
      }
      return amount;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Pays {@code amount} of {@code participant}'s holdings of {@code asset} in {@code channelId} to its account,
   * authorised by {@code sender} (the contract's withdrawal authorisation must be signed by the participant).
   * Partial withdrawals are allowed.
   *
   * @throws AdjudicatorException "channel not settled", "signature verification failed" if the sender is not the
   *     participant, or "insufficient funds"
   */
  public void withdraw(Address sender, ChannelId channelId, Address participant, Asset asset, BigInteger amount) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(asset, "asset");
    Balances.checkAmount(amount, "withdrawal amount");
    transact(SimTransaction.Kind.WITHDRAW, sender, channelId, tx -> {
      require(tx.isSettled(channelId, asset), "channel not settled");
      require(sender.equals(participant), "signature verification failed");
      BigInteger held = tx.holding(channelId, participant, asset);
      require(held.compareTo(amount) >= 0, "insufficient funds");
      tx.setHolding(channelId, participant, asset, held.subtract(amount));
      tx.setBalance(participant, asset, tx.balance(participant, asset).add(amount));
    });
  }

  /**
   * The asset holder's {@code setOutcome} as the adjudicator calls it: for tests of the asset holder's own checks.
   * The adjudicator operations call it for every asset when a channel concludes.
   */
  void setOutcome(ChannelId channelId, List<Address> participants, Asset asset, List<BigInteger> outcome) {
    transactNoRecord(tx -> tx.setOutcome(channelId, participants, asset, outcome));
  }

  // ---------------------------------------------------------------------------------------------- adjudicator

  /** The dispute record of {@code channelId}; empty if it was never registered or concluded on chain. */
  public Optional<Dispute> dispute(ChannelId channelId) {
    return read(() -> Optional.ofNullable(disputes.get(channelId)));
  }

  /**
   * Registers {@code channel} and its sub-channel tree ({@code subChannels} in depth-first order of the
   * {@code locked} entries) for a dispute.
   *
   * @throws AdjudicatorException with the contract's reason: "not ledger", "invalid params", "signatures length
   *     mismatch", "invalid signature", "cannot have app", "funds locked", "invalid version", "incorrect phase",
   *     "refutation timeout passed", "subChannels too short", "invalid sub-channel id", asset or balance mismatch
   */
  public void register(Address sender, SignedState channel, List<SignedState> subChannels) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(channel, "channel");
    List<SignedState> subs = List.copyOf(subChannels);
    transact(SimTransaction.Kind.REGISTER, sender, channel.state().channelId(), tx -> {
      require(channel.params().ledger(), "not ledger");
      tx.registerRecursive(channel, subs, new int[] {0});
    });
  }

  /**
   * Advances the registered app channel from {@code old} to {@code next} by {@code actorIndex}'s move, signed by
   * the actor alone.
   *
   * @throws AdjudicatorException with the contract's reason: "not registered", "timeout not passed", "timeout
   *     passed", "invalid phase", "must have app", "actorIdx out of range", "invalid params", "wrong old state",
   *     "invalid signature", a transition error or the app's own reason
   */
  public void progress(Address sender, Params params, State old, State next, int actorIndex, Signature signature) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(old, "old");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(signature, "signature");
    transact(SimTransaction.Kind.PROGRESS, sender, next.channelId(), tx -> {
      Dispute dispute = tx.requireDispute(next.channelId());
      long now = clock.now();
      switch (dispute.phase()) {
        case DISPUTE -> require(now >= dispute.timeout(), "timeout not passed");
        case FORCEEXEC -> require(now < dispute.timeout(), "timeout passed");
        case CONCLUDED -> throw new AdjudicatorException("invalid phase");
      }
      require(params.app().isPresent(), "must have app");
      require(actorIndex >= 0 && actorIndex < params.numParticipants(), "actorIdx out of range");
      requireValidParams(params, next);
      require(dispute.state().equals(old), "wrong old state");
      require(backend.verify(params.participants().get(actorIndex), next, signature), "invalid signature");
      requireValidTransition(params, old, next, actorIndex);
      Dispute stored = tx.storeChallenge(params, next, DisputePhase.FORCEEXEC);
      tx.emit(new DisputeEvent.Progressed(next.channelId(), stored.version(), stored.timeout(), next, actorIndex));
    });
  }

  /**
   * Concludes the registered ledger channel with {@code state} once its timeout passed, force-concludes its
   * registered sub-channels ({@code subStates} in depth-first order) and sets the accumulated outcome at the
   * asset holders.
   *
   * @throws AdjudicatorException with the contract's reason: "not ledger", "invalid params", "not registered",
   *     "invalid state", "already concluded", "timeout not passed yet", "invalid subchannel id", or an asset
   *     holder's reason
   */
  public void conclude(Address sender, Params params, State state, List<State> subStates) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(state, "state");
    List<State> subs = List.copyOf(subStates);
    transact(SimTransaction.Kind.CONCLUDE, sender, state.channelId(), tx -> tx.conclude(params, state, subs));
  }

  /**
   * Concludes a ledger channel at once with a fully signed final state, overriding any dispute or force
   * execution (even by a lower version), and sets its outcome at the asset holders.
   *
   * @throws AdjudicatorException with the contract's reason: "not ledger", "state not final", "has
   *     sub-channels", "invalid params", "signatures length mismatch", "invalid signature", "concluded already",
   *     or an asset holder's reason
   */
  public void concludeFinal(Address sender, Params params, State state, List<Signature> signatures) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(state, "state");
    List<Signature> sigs = List.copyOf(signatures);
    transact(SimTransaction.Kind.CONCLUDE_FINAL, sender, state.channelId(), tx -> tx.concludeFinal(params, state, sigs));
  }

  // ---------------------------------------------------------------------------------------------- events, log, waiting

  /** Every dispute event of {@code channelId}, oldest first. */
  public List<DisputeEvent> events(ChannelId channelId) {
    return read(() -> List.copyOf(events.getOrDefault(channelId, List.of())));
  }

  /** The most recent dispute event of {@code channelId}. */
  public Optional<DisputeEvent> lastEvent(ChannelId channelId) {
    return read(() -> {
      List<DisputeEvent> list = events.get(channelId);
      return list == null || list.isEmpty() ? Optional.<DisputeEvent>empty() : Optional.of(list.get(list.size() - 1));
    });
  }

  /**
   * Registers {@code listener} for every future dispute event, of every channel. It is called under the chain's
   * lock, in order, right after the transaction that caused the event; it must return quickly and not throw.
   */
  public ListenerHandle addListener(Consumer<DisputeEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Registers {@code listener} for every future dispute event of {@code channelId} only, under the same rules as
   * {@link #addListener(Consumer)}. Registering and unregistering cost the same however many channels are watched.
   */
  public ListenerHandle addListener(ChannelId channelId, Consumer<DisputeEvent> listener) {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(listener, "listener");
    channelListeners.computeIfAbsent(channelId, id -> new CopyOnWriteArrayList<>()).add(listener);
    return () -> channelListeners.computeIfPresent(channelId, (id, list) -> {
      list.remove(listener);
      return list.isEmpty() ? null : list;
    });
  }

  /** Every recorded transaction, oldest first. */
  public List<SimTransaction> transactions() {
    return read(() -> List.copyOf(transactions));
  }

  /** How many transactions {@code sender} sent. */
  public long transactionCount(Address sender) {
    return read(() -> transactions.stream().filter(t -> t.sender().equals(sender)).count());
  }

  /**
   * Runs {@code action} under the chain's lock, so that reads and operations inside it form one atomic step (a
   * "conclude unless already concluded" that two parties cannot both pay for). Operations inside it that throw
   * still change nothing.
   */
  public <T> T atomically(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until {@code condition} holds or the chain time reaches {@code deadline}, and returns whether it holds.
   * The condition is evaluated under the chain's lock after every transaction and clock advance; pass
   * {@link Long#MAX_VALUE} to wait without a deadline.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean await(BooleanSupplier condition, long deadline) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        if (condition.getAsBoolean()) {
          return true;
        }
        if (clock.now() >= deadline) {
          return false;
        }
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return read(() -> "SimChain(time " + clock.now() + ", " + disputes.size() + " disputes, " + transactions.size() + " transactions)");
  }

  // ---------------------------------------------------------------------------------------------- internals

  private <T> T read(Supplier<T> reader) {
    return atomically(reader);
  }

  private void signalChange() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code body} on a fresh pending transaction and commits it, recorded, only if it completes. */
  private void transact(SimTransaction.Kind kind, Address sender, ChannelId channelId, Consumer<Pending> body) {
    lock.lock();
    try {
      Pending tx = new Pending();
      body.accept(tx);
      transactions.add(new SimTransaction(transactions.size(), clock.now(), sender, kind, channelId));
      tx.commit();
    } finally {
      lock.unlock();
    }
  }

  private void transactNoRecord(Consumer<Pending> body) {
    lock.lock();
    try {
      Pending tx = new Pending();
      body.accept(tx);
      tx.commit();
    } finally {
      lock.unlock();
    }
  }

  private static void require(boolean condition, String reason) {
    if (!condition) {
      throw new AdjudicatorException(reason);
    }
  }

  private void requireValidParams(Params params, State state) {
    require(backend.channelId(params).equals(state.channelId()), "invalid params");
  }

  private void validateSignatures(Params params, State state, List<Signature> signatures) {
    require(params.numParticipants() == signatures.size(), "signatures length mismatch");
    for (int i = 0; i < signatures.size(); i++) {
      require(backend.verify(params.participants().get(i), state, signatures.get(i)), "invalid signature");
    }
  }

  /** The contract's {@code requireValidTransition}: generic rules, then the app's. */
  private void requireValidTransition(Params params, State from, State to, int actorIndex) {
    require(to.version() == from.version() + 1, "version must increment by one");
    require(!from.isFinal(), "cannot progress from final state");
    requireAssetPreservation(from, to, params.numParticipants());
    App app;
    try {
      app = apps.resolve(params.app());
    } catch (AppRegistry.UnknownAppException e) {
      throw new AdjudicatorException("app call failed: " + e.getMessage(), e);
    }
    try {
      app.validTransition(params, from, to, actorIndex);
    } catch (StateTransitionException e) {
      throw new AdjudicatorException(e.getMessage(), e);
    } catch (PerunException e) {
      throw new AdjudicatorException("app call failed: " + e.getMessage(), e);
    }
  }

  private static void requireAssetPreservation(State from, State to, int numParts) {
    Balances oldBals = from.balances();
    Balances newBals = to.balances();
    require(oldBals.numAssets() == newBals.numAssets(), "balances length mismatch");
    require(from.allocation().assets().size() == to.allocation().assets().size(), "assets length mismatch");
    requireEqualSubAllocs(from.allocation().locked(), to.allocation().locked());
    for (int a = 0; a < newBals.numAssets(); a++) {
      requireEqualAsset(from.allocation().assets().get(a), to.allocation().assets().get(a));
      require(oldBals.numParticipants() == numParts, "old balances length mismatch");
      require(newBals.numParticipants() == numParts, "new balances length mismatch");
      require(oldBals.sum(a).equals(newBals.sum(a)), "sum of balances mismatch");
    }
  }

  private static void requireEqualAssets(List<Asset> a, List<Asset> b) {
    require(a.size() == b.size(), "Asset[]: unequal length");
    for (int i = 0; i < a.size(); i++) {
      requireEqualAsset(a.get(i), b.get(i));
    }
  }

  /** A simulated asset's backend ID plays the contract asset's chain ID, its bytes the asset holder. */
  private static void requireEqualAsset(Asset a, Asset b) {
    require(a.backendId() == b.backendId(), "unequal chainID");
    require(a.bytes().equals(b.bytes()), "unequal ethHolder");
  }

  private static void requireEqualSubAllocs(List<SubAlloc> a, List<SubAlloc> b) {
    require(a.size() == b.size(), "SubAlloc[]: unequal length");
    for (int i = 0; i < a.size(); i++) {
      require(a.get(i).id().equals(b.get(i).id()), "SubAlloc: unequal ID");
      requireEqualUint256s(a.get(i).balances(), b.get(i).balances());
      requireEqualUint16s(a.get(i).indexMap(), b.get(i).indexMap());
    }
  }

  private static void requireEqualUint256s(List<BigInteger> a, List<BigInteger> b) {
    require(a.size() == b.size(), "uint256[]: unequal length");
    for (int i = 0; i < a.size(); i++) {
      require(a.get(i).equals(b.get(i)), "uint256[]: unequal item");
    }
  }

  private static void requireEqualUint16s(List<Integer> a, List<Integer> b) {
    require(a.size() == b.size(), "uint16[]: unequal length");
    for (int i = 0; i < a.size(); i++) {
      require(a.get(i).equals(b.get(i)), "uint16[]: unequal item");
    }
  }

  private static long checkedAdd(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new AdjudicatorException("panic: arithmetic overflow (0x11): " + a + " + " + b);
    }
  }

  private static AdjudicatorException outOfBounds(String what) {
    return new AdjudicatorException("panic: array out-of-bounds access (0x32): " + what);
  }

  /**
   * The writes of one transaction in progress, read through to the committed state. Nothing reaches the chain
   * unless {@link #commit()} runs, so a refused operation changes nothing.
   */
  private final class Pending {
    private final Map<AccountKey, BigInteger> ledgerWrites = new HashMap<>();
    private final Map<HoldingKey, BigInteger> holdingWrites = new HashMap<>();
    private final Set<SettledKey> settledWrites = new HashSet<>();
    private final Map<ChannelId, Dispute> disputeWrites = new HashMap<>();
    private final List<DisputeEvent> emitted = new ArrayList<>();

    BigInteger balance(Address account, Asset asset) {
      AccountKey key = new AccountKey(account, asset);
      BigInteger pending = ledgerWrites.get(key);
      return pending != null ? pending : ledger.getOrDefault(key, BigInteger.ZERO);
    }

    void setBalance(Address account, Asset asset, BigInteger value) {
      ledgerWrites.put(new AccountKey(account, asset), value);
    }

    BigInteger holding(ChannelId channelId, Address participant, Asset asset) {
      HoldingKey key = new HoldingKey(channelId, participant, asset);
      BigInteger pending = holdingWrites.get(key);
      return pending != null ? pending : holdings.getOrDefault(key, BigInteger.ZERO);
    }

    void setHolding(ChannelId channelId, Address participant, Asset asset, BigInteger value) {
      holdingWrites.put(new HoldingKey(channelId, participant, asset), value);
    }

    boolean isSettled(ChannelId channelId, Asset asset) {
      SettledKey key = new SettledKey(channelId, asset);
      return settledWrites.contains(key) || settled.contains(key);
    }

    Optional<Dispute> dispute(ChannelId channelId) {
      Dispute pending = disputeWrites.get(channelId);
      return pending != null ? Optional.of(pending) : Optional.ofNullable(disputes.get(channelId));
    }

    Dispute requireDispute(ChannelId channelId) {
      return dispute(channelId).orElseThrow(() -> new AdjudicatorException("not registered"));
    }

    void emit(DisputeEvent event) {
      emitted.add(event);
    }

    /**
     * The contract's {@code storeChallenge}: records {@code state} in {@code phase} and sets the timeout (final:
     * now; first registration or progression: now + duration; refutation: unchanged).
     */
    Dispute storeChallenge(Params params, State state, DisputePhase phase) {
      Optional<Dispute> previous = dispute(state.channelId());
      long now = clock.now();
      long timeout;
      if (state.isFinal()) {
        timeout = now;
      } else if (previous.isEmpty() || phase == DisputePhase.FORCEEXEC) {
        timeout = checkedAdd(now, params.challengeDuration());
      } else {
        timeout = previous.get().timeout();
      }
      Dispute stored = new Dispute(state.channelId(), timeout, params.challengeDuration(), state.version(), phase, state, params.app().isPresent());
      disputeWrites.put(state.channelId(), stored);
      return stored;
    }

    /** Registers one node, then its children; returns the node's accumulated outcome per asset. */
    List<BigInteger> registerRecursive(SignedState channel, List<SignedState> subChannels, int[] next) {
      State state = channel.state();
      registerSingle(channel);
      List<BigInteger> outcome = new ArrayList<>();
      for (int a = 0; a < state.balances().numAssets(); a++) {
        outcome.add(state.balances().sum(a));
      }
      List<SubAlloc> locked = state.allocation().locked();
      require(locked.size() <= subChannels.size(), "subChannels too short");
      for (SubAlloc subAlloc : locked) {
        if (next[0] >= subChannels.size()) {
          throw outOfBounds("sub-channel " + next[0] + " of " + subChannels.size());
        }
        SignedState child = subChannels.get(next[0]++);
        require(subAlloc.id().equals(child.state().channelId()), "invalid sub-channel id");
        List<BigInteger> childOutcome = registerRecursive(child, subChannels, next);
        requireEqualAssets(state.allocation().assets(), child.state().allocation().assets());
        requireEqualUint256s(subAlloc.balances(), childOutcome);
        for (int a = 0; a < outcome.size(); a++) {
          outcome.set(a, outcome.get(a).add(childOutcome.get(a)));
        }
      }
      return outcome;
    }

    private void registerSingle(SignedState channel) {
      Params params = channel.params();
      State state = channel.state();
      requireValidParams(params, state);
      validateSignatures(params, state, channel.signatures());
      if (params.virtual()) {
        require(params.app().isEmpty(), "cannot have app");
        require(state.allocation().locked().isEmpty(), "funds locked");
      }
      Optional<Dispute> registered = dispute(state.channelId());
      if (registered.isPresent()) {
        Dispute dispute = registered.get();
        if (dispute.state().equals(state)) {
          return;
        }
        require(dispute.version() < state.version(), "invalid version");
        require(dispute.phase() == DisputePhase.DISPUTE, "incorrect phase");
        require(clock.now() < dispute.timeout(), "refutation timeout passed");
      }
      Dispute stored = storeChallenge(params, state, DisputePhase.DISPUTE);
      emit(new DisputeEvent.Registered(state.channelId(), stored.version(), stored.timeout(), channel));
    }

    void conclude(Params params, State state, List<State> subStates) {
      require(params.ledger(), "not ledger");
      requireValidParams(params, state);
      Dispute dispute = requireDispute(state.channelId());
      require(dispute.state().equals(state), "invalid state");
      require(!dispute.isConcluded(), "already concluded");
      long timeout = dispute.timeout();
      if (dispute.phase() == DisputePhase.DISPUTE && dispute.hasApp()) {
        timeout = checkedAdd(timeout, dispute.challengeDuration());
      }
      require(clock.now() >= timeout, "timeout not passed yet");
      Dispute concluded = new Dispute(dispute.channelId(), timeout, dispute.challengeDuration(), dispute.version(), DisputePhase.CONCLUDED, dispute.state(), dispute.hasApp());
      disputeWrites.put(state.channelId(), concluded);
      emit(new DisputeEvent.Concluded(state.channelId(), concluded.version(), concluded.timeout(), state));
      BigInteger[][] outcome = forceConcludeRecursive(state, subStates, new int[] {0});
      pushOutcome(state.channelId(), state.allocation().assets(), params.participants(), outcome);
    }

    /** Concludes the registered children of {@code state} without timeout checks; returns the accumulated outcome. */
    private BigInteger[][] forceConcludeRecursive(State state, List<State> subStates, int[] next) {
      Balances balances = state.balances();
      BigInteger[][] outcome = new BigInteger[balances.numAssets()][];
      for (int a = 0; a < outcome.length; a++) {
        outcome[a] = balances.row(a).toArray(new BigInteger[0]);
      }
      for (SubAlloc subAlloc : state.allocation().locked()) {
        if (next[0] >= subStates.size()) {
          throw outOfBounds("sub-state " + next[0] + " of " + subStates.size());
        }
        State subState = subStates.get(next[0]++);
        require(subAlloc.id().equals(subState.channelId()), "invalid subchannel id");
        forceConcludeSingle(subState);
        BigInteger[][] subOutcome = forceConcludeRecursive(subState, subStates, next);
        List<Integer> indexMap = subAlloc.indexMap();
        int mapped = indexMap.isEmpty() ? balances.numParticipants() : indexMap.size();
        for (int a = 0; a < outcome.length; a++) {
          for (int p = 0; p < mapped; p++) {
            int parent = indexMap.isEmpty() ? p : indexMap.get(p);
            if (a >= subOutcome.length || p >= subOutcome[a].length || parent >= outcome[a].length) {
              throw outOfBounds("sub-channel " + subAlloc.id() + " outcome [" + a + "][" + p + "] to parent index " + parent);
            }
            outcome[a][parent] = outcome[a][parent].add(subOutcome[a][p]);
          }
        }
      }
      return outcome;
    }

    private void forceConcludeSingle(State state) {
      Dispute dispute = requireDispute(state.channelId());
      require(dispute.state().equals(state), "invalid state");
      if (!dispute.isConcluded()) {
        Dispute concluded = new Dispute(dispute.channelId(), dispute.timeout(), dispute.challengeDuration(), dispute.version(), DisputePhase.CONCLUDED, dispute.state(), dispute.hasApp());
        disputeWrites.put(state.channelId(), concluded);
        emit(new DisputeEvent.Concluded(state.channelId(), concluded.version(), concluded.timeout(), state));
      }
    }

    void concludeFinal(Params params, State state, List<Signature> signatures) {
      require(params.ledger(), "not ledger");
      require(state.isFinal(), "state not final");
      require(state.allocation().locked().isEmpty(), "has sub-channels");
      requireValidParams(params, state);
      validateSignatures(params, state, signatures);
      dispute(state.channelId()).ifPresent(d -> require(!d.isConcluded(), "concluded already"));
      Dispute stored = storeChallenge(params, state, DisputePhase.CONCLUDED);
      emit(new DisputeEvent.Concluded(state.channelId(), stored.version(), stored.timeout(), state));
      Balances balances = state.balances();
      BigInteger[][] outcome = new BigInteger[balances.numAssets()][];
      for (int a = 0; a < outcome.length; a++) {
        outcome[a] = balances.row(a).toArray(new BigInteger[0]);
      }
      pushOutcome(state.channelId(), state.allocation().assets(), params.participants(), outcome);
    }

    private void pushOutcome(ChannelId channelId, List<Asset> assets, List<Address> participants, BigInteger[][] outcome) {
      for (int a = 0; a < assets.size(); a++) {
        setOutcome(channelId, participants, assets.get(a), List.of(outcome[a]));
      }
    }

    /**
     * The asset holder's {@code setOutcome}: if the deposits cover the outcome, the holdings become the outcome
     * (a surplus is lost); otherwise they stay exactly as deposited. Either way the channel is settled.
     */
    void setOutcome(ChannelId channelId, List<Address> participants, Asset asset, List<BigInteger> outcome) {
      require(participants.size() == outcome.size(), "participants length should equal balances");
      require(!isSettled(channelId, asset), "trying to set already settled channel");
      BigInteger held = BigInteger.ZERO;
      BigInteger owed = BigInteger.ZERO;
      for (int i = 0; i < participants.size(); i++) {
        held = held.add(holding(channelId, participants.get(i), asset));
        owed = owed.add(outcome.get(i));
      }
      if (held.compareTo(owed) >= 0) {
        for (int i = 0; i < participants.size(); i++) {
          setHolding(channelId, participants.get(i), asset, outcome.get(i));
        }
      }
      settledWrites.add(new SettledKey(channelId, asset));
    }

    void commit() {
      ledger.putAll(ledgerWrites);
      holdings.putAll(holdingWrites);
      settled.addAll(settledWrites);
      disputes.putAll(disputeWrites);
      for (DisputeEvent event : emitted) {
        events.computeIfAbsent(event.channelId(), id -> new ArrayList<>()).add(event);
      }
      changed.signalAll();
      for (DisputeEvent event : emitted) {
        for (Consumer<DisputeEvent> listener : listeners) {
          listener.accept(event);
        }
        for (Consumer<DisputeEvent> listener : channelListeners.getOrDefault(event.channelId(), List.of())) {
          listener.accept(event);
        }
      }
    }
  }

  private record AccountKey(Address account, Asset asset) {}

  private record HoldingKey(ChannelId channelId, Address participant, Asset asset) {}

  private record SettledKey(ChannelId channelId, Asset asset) {}
}
