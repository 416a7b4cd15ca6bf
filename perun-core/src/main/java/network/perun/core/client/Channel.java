// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import network.perun.api.App;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.api.message.ChannelSync;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateAcc;
import network.perun.api.message.ChannelUpdateRej;
import network.perun.api.message.Message;
import network.perun.api.spi.Account;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.SubscriptionClosedException;
import network.perun.core.channel.ChannelMachine;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.core.channel.PhaseTransitionException;
import network.perun.api.chain.AdjudicatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller of one channel: it runs the update protocol, settles, and gives lock-free snapshots of the
 * channel's state.
 *
 * <p>Reads ({@link #state()}, {@link #phase()}, {@link #transaction()}) never block, even while an update is in
 * flight (go-perun #356): the channel's {@link ChannelMachine} is immutable and swapped atomically. No lock is
 * held across network I/O or user code.
 *
 * <p>Concurrent updates: when both sides propose the same version at once, the proposal of the participant
 * with the lower index wins on every side; the other proposer's {@link #update} fails with
 * {@link UpdateConflictException}. So the channel never holds two different fully signed states of one
 * version (go-perun #380).
 */
public final class Channel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

  private final ClientContext ctx;
  private final ChannelId id;
  private final Params params;
  private final int ownIndex;
  private final List<WireAddress> peers;
  /** Who deposits what when the channel is funded; empty = each their initial balance. Persisted with the channel. */
  private final Optional<Balances> fundingAgreement;
  private final Account account;
  private final App app;
  private final Consumer<Channel> onClose;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private volatile ChannelMachine machine;
  /**
   * Our own update (or the version-0 signature exchange) waiting for the peers' signatures. Written under lock;
   * volatile so {@link #receive} may peek at it to hand an acceptance to the waiting proposer.
   */
  private volatile OwnRequest ownRequest;
  /** A peer's update staged while our handler decides. Guarded by lock. */
  private IncomingRequest incomingRequest;
  /** Updates that arrived while the channel was still being funded. Guarded by lock. */
  private final Deque<Runnable> deferred = new ArrayDeque<>();
  private final List<Consumer<State>> subscribers = new CopyOnWriteArrayList<>();
  /** Messages from peers not yet handled, in arrival order; {@link #inboxScheduled} while they are being handled. */
  private final ConcurrentLinkedQueue<Inbound> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean inboxScheduled = new AtomicBoolean();
  private volatile UpdateHandler updateHandler;
  private volatile boolean closed;
  private volatile Consumer<AdjudicatorEvent> eventHandler;
  private final Object watchLock = new Object();
  private AdjudicatorSubscription watching;

  Channel(ClientContext ctx, ChannelMachine machine, List<WireAddress> peers, Optional<Balances> fundingAgreement, Account account, App app,
      UpdateHandler handler, Consumer<Channel> onClose) {
    this.ctx = ctx;
    this.machine = machine;
    this.id = machine.id();
    this.params = machine.params();
    this.ownIndex = machine.ownIndex();
    this.peers = List.copyOf(peers);
    this.fundingAgreement = fundingAgreement;
    this.account = account;
    this.app = app;
    this.updateHandler = handler;
    this.onClose = onClose;
  }

  // ---- snapshots (never block) ----

  /** The channel ID. */
  public ChannelId id() {
    return id;
  }

  /** Our participant index. */
  public int ownIndex() {
    return ownIndex;
  }

  /** The channel's params. */
  public Params params() {
    return params;
  }

  /** The wire addresses of every participant, by index. */
  public List<WireAddress> peers() {
    return peers;
  }

  /** What each participant deposits when the channel is funded: the agreed balances, by default the initial ones. */
  Balances fundingAgreement() {
    return fundingAgreement.orElseGet(() -> state().balances());
  }

  /** The current phase. */
  public Phase phase() {
    return machine.phase();
  }

  /**
   * The latest fully signed state: an immutable snapshot that never blocks, even during an update.
   *
   * @throws IllegalStateException before the initial state is fully signed
   */
  public State state() {
    return transaction().state();
  }

  /** The latest fully signed transaction. */
  public Transaction transaction() {
    return machine.current().orElseThrow(() -> new IllegalStateException("channel " + id.shortHex() + " has no fully signed state yet (phase " + phase() + ")"));
  }

  /** The immutable machine snapshot (phase, current and staged transaction). */
  public ChannelMachine snapshot() {
    return machine;
  }

  // ---- handlers and subscriptions ----

  /** Sets the handler that decides on this channel's incoming updates (replacing the client's default). */
  public void onUpdate(UpdateHandler handler) {
    this.updateHandler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Calls {@code subscriber} with every newly enabled state, in order, on the thread that enabled it; it must not
   * block. Close the returned handle to stop.
   */
  public AutoCloseable subscribe(Consumer<State> subscriber) {
    subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    return () -> subscribers.remove(subscriber);
  }

  // ---- the update protocol, proposer side ----

  /**
   * Proposes the next state: {@code mutator} gets the current state and returns the desired one (its version is
   * set to current + 1). Returns the new state once every peer signed it.
   *
   * @throws network.perun.api.StateTransitionException if the new state breaks the channel's or app's rules
   * @throws PeerRejectedException if a peer rejected it (with the peer's reason)
   * @throws UpdateConflictException if a peer's concurrent update of the same version took precedence
   * @throws RequestTimeoutException if a peer did not answer within {@code timeout}
   * @throws InterruptedException if the calling thread was interrupted; the update is discarded
   */
  public State update(UnaryOperator<State> mutator, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(mutator, "mutator");
    long deadline = ctx.ticker().nanoTime() + timeout.toNanos();
    OwnRequest request;
    ChannelUpdate message;
    lock.lockInterruptibly();
    try {
      awaitIdle(deadline, "update of channel " + id.shortHex(), timeout);
      ChannelMachine m = machine;
      if (m.phase() != Phase.ACTING) {
        throw new PhaseTransitionException(id, m.phase(), "update", "updates need phase ACTING");
      }
      State current = m.state();
      State next = mutator.apply(current);
      Objects.requireNonNull(next, "the mutator returned null");
      next = next.withVersion(current.version() + 1);
      m = m.update(next, ownIndex, app).sign(ctx.channelBackend(), account);
      Signature own = m.staging().orElseThrow().signatures().get(ownIndex).orElseThrow();
      commit(m);
      request = new OwnRequest(next.version());
      ownRequest = request;
      message = new ChannelUpdate(next, ownIndex, own);
    } finally {
      lock.unlock();
    }
    try {
      sendToPeers(message);
    } catch (PerunException e) {
      abandon(request, e);
      throw e;
    }
    return awaitOwn(request, deadline, timeout, "update to version " + message.state().version());
  }

  /** Shorthand for an update that only sets the final flag. */
  public State updateFinal(Duration timeout) throws InterruptedException {
    return update(s -> s.withFinal(true), timeout);
  }

  /** Runs the version-0 signature exchange: signs the initial state, sends our signature and waits for the peers'. */
  void exchangeInitialSignatures(Duration timeout) throws InterruptedException {
    long deadline = ctx.ticker().nanoTime() + timeout.toNanos();
    OwnRequest request = new OwnRequest(0);
    Signature own;
    lock.lockInterruptibly();
    try {
      ChannelMachine m = machine.sign(ctx.channelBackend(), account);
      own = m.staging().orElseThrow().signatures().get(ownIndex).orElseThrow();
      commit(m);
      ownRequest = request;
      completeIfFullySigned();
    } finally {
      lock.unlock();
    }
    sendToPeers(new ChannelUpdateAcc(id, 0, own));
    awaitOwn(request, deadline, timeout, "signature exchange of the initial state");
  }

  /**
   * Waits for our request to complete. While it waits, this thread also handles the acceptances {@link #receive}
   * hands it (see {@link #handOffToProposer}), so an acceptance costs no thread of its own.
   */
  private State awaitOwn(OwnRequest request, long deadline, Duration timeout, String what) throws InterruptedException {
    request.waiter = Thread.currentThread();
    request.slot.set(OwnRequest.WAITING);
    try {
      while (true) {
        Object handed = request.slot.get();
        if (handed instanceof Inbound in) {
          if (request.slot.compareAndSet(in, OwnRequest.WAITING)) {
            handleHandedOff(in);
          }
          continue;
        }
        if (request.done.isDone()) {
          return outcome(request, what);
        }
        long left = deadline - ctx.ticker().nanoTime();
        if (left <= 0) {
          RequestTimeoutException timedOut = new RequestTimeoutException(what + " of channel " + id.shortHex(), timeout);
          if (abandon(request, timedOut)) {
            if (request.version > 0) {
              sync(); // the peer may have enabled the update and lost its acceptance: let it tell us
            }
            throw timedOut;
          }
          continue; // completed concurrently
        }
        LockSupport.parkNanos(request, left);
        if (Thread.interrupted()) {
          abandon(request, new CancellationException("interrupted"));
          throw new InterruptedException("interrupted while waiting for " + what + " of channel " + id.shortHex());
        }
      }
    } finally {
      Object last = request.slot.getAndSet(OwnRequest.CLOSED);
      if (last instanceof Inbound in) {
        handleHandedOff(in);
      }
    }
  }

  private State outcome(OwnRequest request, String what) {
    try {
      request.done.join();
      return state();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof PerunException pe) {
        throw pe;
      }
      throw new PerunException(what + " failed: " + cause, cause);
    }
  }

  /** Drops our request if it is still open: discards the staged update. Returns whether it was still open. */
  private boolean abandon(OwnRequest request, Throwable cause) {
    lock.lock();
    try {
      if (ownRequest != request || request.done.isDone()) {
        return false;
      }
      ownRequest = null;
      if (machine.phase() == Phase.SIGNING) {
        machine = machine.discardUpdate();
      }
      request.done.completeExceptionally(cause);
      idle.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void awaitIdle(long deadline, String what, Duration timeout) throws InterruptedException {
    while (ownRequest != null || incomingRequest != null || machine.phase() == Phase.SIGNING) {
      long left = deadline - ctx.ticker().nanoTime();
      if (left <= 0) {
        throw new RequestTimeoutException(what + " (waiting for the update in flight)", timeout);
      }
      idle.awaitNanos(left);
    }
  }

  // ---- incoming messages (queued by the client's router, handled in order on the executor) ----

  /**
   * Takes a message of this channel's peers. The channel handles its messages one at a time, in arrival order.
   * Updates and acceptances, which cost a signature check and store writes, are handled on the client's executor,
   * so the transport's delivery thread never waits for them and many channels handle theirs at once (which lets
   * the store group their writes). Other messages are handled right here when nothing is queued before them.
   */
  void receive(WireAddress sender, Message message) {
    if (message instanceof ChannelUpdateAcc acc && handOffToProposer(sender, acc)) {
      return;
    }
    boolean costly = message instanceof ChannelUpdate || message instanceof ChannelUpdateAcc;
    if (!costly && inbox.isEmpty() && inboxScheduled.compareAndSet(false, true)) {
      try {
        handle(sender, message, false);
      } finally {
        inboxScheduled.set(false);
      }
    } else {
      inbox.add(new Inbound(sender, message));
    }
    scheduleInbox();
  }

  /**
   * Gives an acceptance of our request in flight to the thread that waits for it, when nothing is queued before
   * it: that thread handles it as the inbox would (it holds {@link #inboxScheduled}, so later messages queue
   * behind it), then releases the inbox. Returns false if the proposer is not waiting; the inbox takes it then.
   */
  private boolean handOffToProposer(WireAddress sender, ChannelUpdateAcc acc) {
    OwnRequest request = ownRequest;
    if (request == null || request.version != acc.version() || request.slot.get() != OwnRequest.WAITING || !inbox.isEmpty()
        || !inboxScheduled.compareAndSet(false, true)) {
      return false;
    }
    if (request.slot.compareAndSet(OwnRequest.WAITING, new Inbound(sender, acc))) {
      LockSupport.unpark(request.waiter);
      return true;
    }
    inboxScheduled.set(false);
    return false;
  }

  /** Handles a message handed to the waiting proposer, then releases the inbox it held. */
  private void handleHandedOff(Inbound in) {
    try {
      handleOnInbox(in);
    } finally {
      inboxScheduled.set(false);
    }
    scheduleInbox();
  }

  private void scheduleInbox() {
    if (inbox.isEmpty() || !inboxScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      ctx.executor().execute(this::drainInbox);
    } catch (RejectedExecutionException e) {
      inboxScheduled.set(false);
      LOG.debug("channel {}: executor refused to handle {} queued messages; dropping them", id.shortHex(), inbox.size());
      inbox.clear();
    }
  }

  private void drainInbox() {
    try {
      for (Inbound in = inbox.poll(); in != null; in = inbox.poll()) {
        handleOnInbox(in);
      }
    } finally {
      inboxScheduled.set(false);
    }
    scheduleInbox(); // a message queued after the last poll, before the flag was cleared
  }

  private record Inbound(WireAddress sender, Message message) {}

  /** Handles {@code in} as the channel's inbox: a failure is logged, and the next message is handled regardless. */
  private void handleOnInbox(Inbound in) {
    try {
      handle(in.sender(), in.message(), true);
    } catch (RuntimeException e) {
      LOG.warn("channel {}: handling {} from {} failed: {}", id.shortHex(), in.message().type(), in.sender(), e.toString());
    }
  }

  /** The sync message telling a peer our latest fully signed {@code tx}; a staged update of ours does not count. */
  private static ChannelSync syncOf(ChannelMachine m, Transaction tx) {
    return new ChannelSync(m.phase() == Phase.SIGNING ? Phase.ACTING : m.phase(), tx);
  }

  /** Handles one message; {@code inboxThread}: called by the channel's inbox, so the update handler may run here. */
  private void handle(WireAddress sender, Message message, boolean inboxThread) {
    switch (message) {
      case ChannelUpdate update -> receiveUpdate(sender, update, inboxThread);
      case ChannelUpdateAcc acc -> receiveAcc(sender, acc);
      case ChannelUpdateRej rej -> receiveRej(sender, rej);
      case ChannelSync sync -> receiveSync(sender, sync);
      default -> LOG.warn("channel {}: ignoring unexpected {} from {}", id.shortHex(), message.type(), sender);
    }
  }

  private void receiveAcc(WireAddress sender, ChannelUpdateAcc acc) {
    int peer = peers.indexOf(sender);
    if (peer < 0 || peer == ownIndex) {
      LOG.warn("channel {}: dropping acceptance from {}, not a peer of this channel", id.shortHex(), sender);
      return;
    }
    List<State> enabled = new ArrayList<>(1);
    lock.lock();
    try {
      ChannelMachine m = machine;
      Optional<Transaction> staging = m.staging();
      boolean collecting = (m.phase() == Phase.INIT_SIGNING && acc.version() == 0)
          || (m.phase() == Phase.SIGNING && ownRequest != null && ownRequest.version == acc.version());
      if (!collecting || staging.isEmpty() || staging.get().state().version() != acc.version()) {
        LOG.debug("channel {}: ignoring acceptance of version {} from {} (phase {})", id.shortHex(), acc.version(), sender, m.phase());
        return;
      }
      if (staging.get().hasSignature(peer)) {
        return; // duplicate
      }
      ChannelMachine signed;
      try {
        signed = m.addSignature(ctx.channelBackend(), peer, acc.signature());
      } catch (PerunException e) {
        LOG.warn("channel {}: invalid signature from {} for version {}: {}", id.shortHex(), sender, acc.version(), e.getMessage());
        if (ownRequest != null && acc.version() > 0) {
          OwnRequest request = ownRequest;
          ownRequest = null;
          machine = machine.discardUpdate();
          request.done.completeExceptionally(e);
          idle.signalAll();
        }
        return;
      }
      machine = signed; // not yet durable: it becomes so when enabled below, or stays a staging detail
      completeIfFullySigned().ifPresent(enabled::add);
    } finally {
      lock.unlock();
    }
    enabled.forEach(this::publish);
  }

  /** Enables the staged state if every signature is there and completes our request. Caller holds the lock. */
  private Optional<State> completeIfFullySigned() {
    ChannelMachine m = machine;
    Optional<Transaction> staging = m.staging();
    if (staging.isEmpty() || !staging.get().isFullySigned() || ownRequest == null || !staging.get().hasSignature(ownIndex)) {
      return Optional.empty();
    }
    State s = staging.get().state();
    if (m.phase() == Phase.INIT_SIGNING) {
      commit(m.enableInit());
    } else {
      commit(s.isFinal() ? m.enableFinal() : m.enableUpdate());
    }
    OwnRequest request = ownRequest;
    ownRequest = null;
    request.done.complete(null);
    idle.signalAll();
    return m.phase() == Phase.INIT_SIGNING ? Optional.empty() : Optional.of(s);
  }

  private void receiveRej(WireAddress sender, ChannelUpdateRej rej) {
    lock.lock();
    try {
      if (ownRequest == null || ownRequest.version != rej.version() || !peers.contains(sender)) {
        LOG.debug("channel {}: ignoring rejection of version {} from {}", id.shortHex(), rej.version(), sender);
        return;
      }
      OwnRequest request = ownRequest;
      ownRequest = null;
      if (machine.phase() == Phase.SIGNING) {
        machine = machine.discardUpdate();
      }
      request.done.completeExceptionally(new PeerRejectedException("update to version " + rej.version() + " of channel " + id.shortHex(), rej.reason()));
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void receiveUpdate(WireAddress sender, ChannelUpdate update, boolean inboxThread) {
    int peer = peers.indexOf(sender);
    if (peer < 0 || peer == ownIndex) {
      LOG.warn("channel {}: dropping update from {}, not a peer of this channel", id.shortHex(), sender);
      return;
    }
    long version = update.state().version();
    String rejection;
    IncomingRequest request = null;
    lock.lock();
    try {
      rejection = stageIncoming(sender, peer, update);
      if (rejection == null) {
        request = incomingRequest;
      }
    } finally {
      lock.unlock();
    }
    if (rejection != null) {
      if (!rejection.isEmpty()) {
        LOG.info("channel {}: rejecting update to version {} from {}: {}", id.shortHex(), version, sender, rejection);
        sendQuietly(sender, new ChannelUpdateRej(id, version, rejection));
        // A proposal of a version we hold already: the peer is behind (it lost our answer to its sync, or an
        // acceptance), and would only propose it again. Tell it our state.
        ChannelMachine m = machine;
        m.current().filter(t -> t.state().version() >= version && t.isFullySigned())
            .ifPresent(t -> sendQuietly(sender, syncOf(m, t)));
      }
      return;
    }
    if (request != null) {
      dispatchToHandler(request, update, inboxThread);
    }
  }

  /**
   * Checks an incoming update and stages it. Returns null if staged (or deferred), "" if deferred, otherwise the
   * rejection reason. Caller holds the lock.
   */
  private String stageIncoming(WireAddress sender, int peer, ChannelUpdate update) {
    if (closed) {
      return "channel is closed";
    }
    if (update.actorIndex() != peer) {
      return "actor index " + update.actorIndex() + " is not the sender's index " + peer;
    }
    if (!update.state().channelId().equals(id)) {
      return "state is for channel " + update.state().channelId() + ", not " + id;
    }
    ChannelMachine m = machine;
    if (m.phase() == Phase.FUNDING || m.phase() == Phase.INIT_SIGNING) {
      deferred.add(() -> receiveUpdate(sender, update, false));
      return "";
    }
    long version = update.state().version();
    if (m.phase() == Phase.SIGNING) {
      if (ownRequest != null && ownRequest.version == version) {
        if (peer < ownIndex) {
          OwnRequest mine = ownRequest;
          ownRequest = null;
          machine = m.discardUpdate();
          m = machine;
          mine.done.completeExceptionally(new UpdateConflictException(
              "participant " + peer + " proposed version " + version + " of channel " + id.shortHex() + " at the same time; the lower index takes precedence"));
          idle.signalAll();
        } else {
          return "concurrent update: participant " + ownIndex + "'s proposal for version " + version + " takes precedence";
        }
      } else {
        return "another update of channel " + id.shortHex() + " is in progress";
      }
    }
    if (m.phase() != Phase.ACTING) {
      return "channel is in phase " + m.phase() + " and cannot be updated";
    }
    try {
      ChannelMachine staged = m.update(update.state(), update.actorIndex(), app)
          .addSignature(ctx.channelBackend(), peer, update.signature());
      machine = staged;
      incomingRequest = new IncomingRequest(sender, update.state());
      return null;
    } catch (PerunException e) {
      return e.getMessage();
    }
  }

  /**
   * Asks the update handler. On the channel's inbox thread (the usual case) the handler runs right here: the
   * channel has nothing else to do until the update is answered, and a handler that answers at once (most do)
   * needs no other thread and no timer. Only a handler that returns without answering gets a watchdog, which
   * rejects the update when the response timeout passes; an answer after the deadline is refused in any case.
   * Updates replayed after funding run the handler on the executor, with a watchdog, as before.
   */
  private void dispatchToHandler(IncomingRequest request, ChannelUpdate update, boolean inboxThread) {
    UpdateHandler handler = updateHandler;
    State current = state();
    IncomingUpdate incoming = new IncomingUpdate(id, update.state(), update.actorIndex());
    Responder responder = new Responder(request, ctx.ticker().nanoTime() + ctx.responseTimeout().toNanos());
    Runnable ask = () -> {
      try {
        if (handler == null) {
          responder.reject("no update handler installed");
        } else {
          handler.handleUpdate(current, incoming, responder);
        }
      } catch (RuntimeException e) {
        LOG.warn("channel {}: update handler failed: {}", id.shortHex(), e.toString());
        if (!responder.used.get()) {
          responder.reject("update handler failed");
        }
      }
    };
    if (inboxThread) {
      ask.run();
      if (!responder.used.get()) {
        armWatchdog(request, responder);
      }
    } else {
      ctx.executor().execute(ask);
      armWatchdog(request, responder);
    }
  }

  /** Rejects the update at the responder's deadline unless it was answered before. */
  private void armWatchdog(IncomingRequest request, Responder responder) {
    ctx.executor().execute(() -> {
      try {
        long left = responder.deadline - ctx.ticker().nanoTime();
        if (left <= 0 || !request.answered.await(left, TimeUnit.NANOSECONDS)) {
          responder.expire();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private final class Responder implements UpdateResponder {
    private final IncomingRequest request;
    private final long deadline;
    private final AtomicBoolean used = new AtomicBoolean();

    Responder(IncomingRequest request, long deadline) {
      this.request = request;
      this.deadline = deadline;
    }

    /** Whether the response timeout passed; then the update is rejected, as the watchdog would have done. */
    private boolean expiredNow() {
      if (ctx.ticker().nanoTime() - deadline < 0) {
        return false;
      }
      expire();
      return true;
    }

    @Override
    public void accept() {
      if (expiredNow()) {
        throw new RequestTimeoutException("accepting update to version " + request.state.version() + " of channel " + id.shortHex(), ctx.responseTimeout());
      }
      if (!used.compareAndSet(false, true)) {
        throw new IllegalStateException("this update was already answered");
      }
      Signature own;
      State enabled;
      lock.lock();
      try {
        if (incomingRequest != request) {
          throw new RequestTimeoutException("accepting update to version " + request.state.version() + " of channel " + id.shortHex(), ctx.responseTimeout());
        }
        ChannelMachine m = machine.sign(ctx.channelBackend(), account);
        own = m.staging().orElseThrow().signatures().get(ownIndex).orElseThrow();
        enabled = m.staging().orElseThrow().state();
        commit(enabled.isFinal() ? m.enableFinal() : m.enableUpdate());
        incomingRequest = null;
        idle.signalAll();
      } finally {
        request.answered.countDown();
        lock.unlock();
      }
      sendQuietly(request.sender, new ChannelUpdateAcc(id, enabled.version(), own));
      publish(enabled);
    }

    @Override
    public void reject(String reason) {
      Objects.requireNonNull(reason, "reason");
      if (expiredNow()) {
        return; // rejected already, for the timeout
      }
      if (!used.compareAndSet(false, true)) {
        throw new IllegalStateException("this update was already answered");
      }
      dropIncoming(request);
      sendQuietly(request.sender, new ChannelUpdateRej(id, request.state.version(), reason));
    }

    void expire() {
      if (used.compareAndSet(false, true)) {
        LOG.info("channel {}: update to version {} not answered within {} ms, rejecting", id.shortHex(), request.state.version(), ctx.responseTimeout().toMillis());
        dropIncoming(request);
        sendQuietly(request.sender, new ChannelUpdateRej(id, request.state.version(), "no answer within " + ctx.responseTimeout().toMillis() + " ms"));
      }
    }
  }

  private void dropIncoming(IncomingRequest request) {
    lock.lock();
    try {
      if (incomingRequest == request) {
        incomingRequest = null;
        if (machine.phase() == Phase.SIGNING) {
          machine = machine.discardUpdate();
        }
        idle.signalAll();
      }
    } finally {
      request.answered.countDown();
      lock.unlock();
    }
  }

  // ---- the sync protocol (go-perun has it only as dead code) ----

  /**
   * Sends our phase and latest fully signed transaction to every peer. A peer with a newer fully signed state
   * answers with it and we adopt it; a peer with an older one adopts ours. Run on restore and after a lost
   * acceptance, so an update interrupted by a crash or a lost message is finished, not forked.
   */
  public void sync() {
    ChannelMachine m = machine;
    Optional<Transaction> cur = m.current();
    if (cur.isEmpty() || !cur.get().isFullySigned()) {
      return;
    }
    ChannelSync message = syncOf(m, cur.get());
    for (int i = 0; i < peers.size(); i++) {
      if (i != ownIndex) {
        sendQuietly(peers.get(i), message);
      }
    }
  }

  private void receiveSync(WireAddress sender, ChannelSync sync) {
    int peer = peers.indexOf(sender);
    if (peer < 0 || peer == ownIndex) {
      LOG.warn("channel {}: dropping sync from {}, not a peer of this channel", id.shortHex(), sender);
      return;
    }
    Transaction theirs = sync.transaction();
    if (theirs.state().version() == 0 && machine.phase() == Phase.INIT_SIGNING) {
      // The peer enabled the initial state but its signature never reached us (it crashed): the sync carries it.
      theirs.signatures().get(peer).ifPresent(sig -> receiveAcc(sender, new ChannelUpdateAcc(id, 0, sig)));
      return;
    }
    ChannelSync reply = null;
    State adopted = null;
    lock.lock();
    try {
      ChannelMachine m = machine;
      Optional<Transaction> cur = m.current();
      if (cur.isEmpty() || !theirs.state().channelId().equals(id)) {
        return;
      }
      long ours = cur.get().state().version();
      long their = theirs.state().version();
      if (their < ours) {
        reply = syncOf(m, cur.get());
      } else if (their == ours) {
        if (!theirs.state().equals(cur.get().state())) {
          LOG.error("channel {}: peer {} holds a different state of version {}; keeping ours", id.shortHex(), sender, ours);
        }
      } else if (!EnumSet.of(Phase.ACTING, Phase.SIGNING, Phase.FINAL).contains(m.phase())) {
        LOG.info("channel {}: ignoring sync of version {} in phase {}; the chain decides now", id.shortHex(), their, m.phase());
      } else if (!fullySignedByAll(theirs)) {
        LOG.warn("channel {}: peer {} sent version {} with invalid or missing signatures; ignored", id.shortHex(), sender, their);
      } else {
        ChannelMachine next = ChannelMachine.of(id, params, ownIndex, theirs.state().isFinal() ? Phase.FINAL : Phase.ACTING, Optional.of(theirs), Optional.empty());
        if (ownRequest != null) {
          OwnRequest request = ownRequest;
          ownRequest = null;
          boolean same = m.staging().map(t -> t.state().equals(theirs.state())).orElse(false);
          commit(next);
          if (same) {
            request.done.complete(null);
          } else {
            request.done.completeExceptionally(new UpdateConflictException("peer " + sender + " holds the newer version " + their + " of channel " + id.shortHex()));
          }
        } else {
          if (incomingRequest != null) {
            incomingRequest.answered.countDown();
            incomingRequest = null;
          }
          commit(next);
        }
        idle.signalAll();
        adopted = theirs.state();
        LOG.info("channel {}: adopted version {} from {} (ours was {})", id.shortHex(), their, sender, ours);
      }
    } finally {
      lock.unlock();
    }
    if (reply != null) {
      sendQuietly(sender, reply);
    }
    if (adopted != null) {
      publish(adopted);
    }
  }

  private boolean fullySignedByAll(Transaction tx) {
    if (!tx.isFullySigned() || tx.signatures().size() != params.numParticipants()) {
      return false;
    }
    for (int i = 0; i < params.numParticipants(); i++) {
      if (!ctx.channelBackend().verify(params.participants().get(i), tx.state(), tx.signatures().get(i).orElseThrow())) {
        return false;
      }
    }
    return true;
  }

  // ---- funding ----

  /** Marks the channel funded and replays updates that arrived during funding. */
  void markFunded() {
    List<Runnable> replay;
    lock.lock();
    try {
      commit(machine.setFunded());
      replay = new ArrayList<>(deferred);
      deferred.clear();
      idle.signalAll();
    } finally {
      lock.unlock();
    }
    replay.forEach(Runnable::run);
  }

  // ---- settlement ----

  /**
   * Settles the channel on chain and withdraws our share: a final state is concluded at once; any other state
   * (also a channel whose funding failed) is registered, the challenge period is waited out in chain time, and
   * then it is concluded. Blocks until our share is withdrawn. Works without the peer: a silent or refusing
   * peer cannot stop it.
   *
   * @param secondary whether the peer settles too, so we may wait for their conclusion instead of sending a
   *     duplicate transaction
   * @param progress told about each step (registered with its timeout, concluded, withdrawn); it must not block
   * @throws network.perun.api.chain.AdjudicatorException if the chain refuses
   * @throws RequestTimeoutException if it takes longer than {@code timeout}
   * @throws InterruptedException if the calling thread was interrupted
   */
  public void settle(Duration timeout, boolean secondary, Consumer<SettlementProgress> progress) throws InterruptedException {
    Objects.requireNonNull(progress, "progress");
    long deadline = ctx.ticker().nanoTime() + timeout.toNanos();
    Transaction tx;
    lock.lockInterruptibly();
    try {
      awaitIdle(deadline, "settling channel " + id.shortHex(), timeout);
      ChannelMachine m = machine;
      if (m.phase() == Phase.WITHDRAWN) {
        return;
      }
      tx = m.current().orElseThrow(() -> new IllegalStateException("channel " + id.shortHex() + " has no fully signed state to settle on (phase " + m.phase() + ")"));
      if (!tx.state().isFinal() && (m.phase() == Phase.FUNDING || m.phase() == Phase.ACTING)) {
        commit(m.setRegistering());
      }
    } finally {
      lock.unlock();
    }
    AdjudicatorRequest request = new AdjudicatorRequest(id, params, account, tx, ownIndex, secondary);
    CompletableFuture<Void> work = new CompletableFuture<>();
    ctx.executor().execute(() -> {
      try {
        if (!tx.state().isFinal()) {
          try {
            ctx.adjudicator().register(request, List.of());
          } catch (AdjudicatorException e) {
            // Another party may have registered or concluded already; withdraw checks the outcome.
            LOG.info("channel {}: register refused ({}); continuing with the registered state", id.shortHex(), e.getMessage());
          }
          transition(m -> m.phase() == Phase.REGISTERING || m.phase() == Phase.ACTING || m.phase() == Phase.FUNDING ? m.setRegistered() : m);
          AdjudicatorEvent registered = awaitEvent(e -> e.version() >= tx.state().version() || e instanceof AdjudicatorEvent.Concluded);
          progress.accept(new SettlementProgress.Registered(registered.version(), registered.timeout().at()));
        }
        // A settlement resumed by Client.restore() may run alongside this one and get there first.
        transition(m -> m.phase() == Phase.WITHDRAWING || m.phase() == Phase.WITHDRAWN ? m : m.setWithdrawing());
        ctx.adjudicator().withdraw(request, Map.of());
        progress.accept(new SettlementProgress.Concluded(tx.state().version()));
        transition(m -> m.phase() == Phase.WITHDRAWN ? m : m.setWithdrawn());
        progress.accept(new SettlementProgress.Withdrawn(tx.state().version()));
        work.complete(null);
      } catch (Throwable t) {
        work.completeExceptionally(t);
      }
    });
    try {
      work.get(Math.max(0, deadline - ctx.ticker().nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      work.cancel(true);
      throw new RequestTimeoutException("settling channel " + id.shortHex(), timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PerunException pe) {
        throw pe;
      }
      if (e.getCause() instanceof InterruptedException ie) {
        throw ie;
      }
      throw new PerunException("settling channel " + id.shortHex() + " failed: " + e.getCause(), e.getCause());
    }
    stopWatching();
    LOG.info("channel {}: settled on version {}", id.shortHex(), tx.state().version());
  }

  /** Settles without progress reports: {@code settle(timeout, secondary, p -> {})}. */
  public void settle(Duration timeout, boolean secondary) throws InterruptedException {
    settle(timeout, secondary, p -> {});
  }

  /** Settles as the primary party: {@code settle(timeout, false)}. */
  public void settle(Duration timeout) throws InterruptedException {
    settle(timeout, false);
  }

  // ---- the watcher ----

  /**
   * Forwards every adjudicator event of this channel (registered, progressed, concluded) to {@code handler}, and
   * makes sure the watcher runs. The watcher starts by itself when the initial state is signed (go-perun makes
   * the user start it: #78): it refutes a registration of an older state with our latest fully signed one, with
   * or without a handler.
   */
  public void watch(Consumer<AdjudicatorEvent> handler) {
    this.eventHandler = Objects.requireNonNull(handler, "handler");
    startWatching();
  }

  /** Whether the watcher is running. */
  public boolean isWatching() {
    return watching != null;
  }

  /** Starts the watcher unless it runs; idempotent and safe to call again after {@link #stopWatching()}. */
  void startWatching() {
    AdjudicatorSubscription sub;
    synchronized (watchLock) {
      if (watching != null || closed || machine.phase() == Phase.WITHDRAWN) {
        return;
      }
      sub = ctx.adjudicator().subscribe(id);
      watching = sub;
    }
    ctx.executor().execute(() -> watchLoop(sub));
  }

  /** Stops the watcher; {@link #watch} or {@link #startWatching()} start it again. */
  void stopWatching() {
    AdjudicatorSubscription sub;
    synchronized (watchLock) {
      sub = watching;
      watching = null;
    }
    if (sub != null) {
      sub.close();
    }
  }

  private void watchLoop(AdjudicatorSubscription sub) {
    try {
      while (true) {
        Optional<AdjudicatorEvent> event = sub.next(Duration.ofMinutes(10));
        if (event.isPresent()) {
          onAdjudicatorEvent(event.get());
        }
      }
    } catch (SubscriptionClosedException e) {
      LOG.debug("channel {}: watcher stopped", id.shortHex());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("channel {}: watcher failed; call watch() to restart it: {}", id.shortHex(), e.toString());
    } finally {
      synchronized (watchLock) {
        if (watching == sub) {
          watching = null;
        }
      }
    }
  }

  private void onAdjudicatorEvent(AdjudicatorEvent event) {
    Optional<Transaction> refuteWith = Optional.empty();
    lock.lock();
    try {
      if (event instanceof AdjudicatorEvent.Registered || event instanceof AdjudicatorEvent.Concluded) {
        ChannelMachine m = machine;
        Optional<Transaction> cur = m.current();
        if (cur.isPresent() && event.version() < cur.get().state().version() && cur.get().isFullySigned()) {
          refuteWith = cur;
        }
        if (event instanceof AdjudicatorEvent.Registered && EnumSet.of(Phase.FUNDING, Phase.ACTING, Phase.SIGNING, Phase.FINAL, Phase.REGISTERING).contains(m.phase())) {
          failInFlight("channel " + id.shortHex() + " is disputed on chain (version " + event.version() + " registered)");
          commit(machine.setRegistered());
          idle.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    if (refuteWith.isPresent() && event instanceof AdjudicatorEvent.Registered) {
      Transaction tx = refuteWith.get();
      LOG.warn("channel {}: version {} registered on chain, ours is {}: refuting", id.shortHex(), event.version(), tx.state().version());
      try {
        ctx.adjudicator().register(new AdjudicatorRequest(id, params, account, tx, ownIndex, false), List.of());
      } catch (PerunException e) {
        LOG.error("channel {}: refutation with version {} failed: {}", id.shortHex(), tx.state().version(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Consumer<AdjudicatorEvent> handler = eventHandler;
    if (handler != null) {
      try {
        handler.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("channel {}: event handler failed: {}", id.shortHex(), e.toString());
      }
    }
  }

  /** Fails our update in flight and drops a staged incoming one. Caller holds the lock. */
  private void failInFlight(String reason) {
    if (ownRequest != null) {
      OwnRequest request = ownRequest;
      ownRequest = null;
      request.done.completeExceptionally(new ChannelClosedException(reason));
    }
    if (incomingRequest != null) {
      incomingRequest.answered.countDown();
      incomingRequest = null;
    }
  }

  /** Waits for an adjudicator event of this channel matching {@code condition}, on a subscription of its own. */
  private AdjudicatorEvent awaitEvent(java.util.function.Predicate<AdjudicatorEvent> condition) throws InterruptedException {
    try (AdjudicatorSubscription sub = ctx.adjudicator().subscribe(id)) {
      while (true) {
        Optional<AdjudicatorEvent> event = sub.next(Duration.ofMinutes(10));
        if (event.isPresent() && condition.test(event.get())) {
          return event.get();
        }
      }
    }
  }

  /**
   * Makes {@code next} the channel's machine, durable first: the write-ahead rule. Callers hold the lock and send
   * signatures or report states only after this returns. If the store fails, nothing changes.
   */
  private void commit(ChannelMachine next) {
    if (ctx.store().isPresent()) {
      ChannelStore store = ctx.store().get();
      if (next.phase() == Phase.WITHDRAWN) {
        if (store.find(id).isPresent()) {
          store.remove(id);
        }
      } else {
        store.save(new PersistedChannel(id, params, ownIndex, next.phase(), next.current(), next.staging(), peers, Optional.empty(), fundingAgreement));
      }
    }
    machine = next;
  }

  private void transition(UnaryOperator<ChannelMachine> step) {
    lock.lock();
    try {
      commit(step.apply(machine));
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- plumbing ----

  private void publish(State state) {
    for (Consumer<State> s : subscribers) {
      try {
        s.accept(state);
      } catch (RuntimeException e) {
        LOG.warn("channel {}: state subscriber failed: {}", id.shortHex(), e.toString());
      }
    }
  }

  private void sendToPeers(Message message) {
    for (int i = 0; i < peers.size(); i++) {
      if (i != ownIndex) {
        ctx.send(peers.get(i), message);
      }
    }
  }

  private void sendQuietly(WireAddress to, Message message) {
    try {
      ctx.send(to, message);
    } catch (PerunException e) {
      LOG.warn("channel {}: could not send {} to {}: {}", id.shortHex(), message.type(), to, e.getMessage());
    }
  }

  /** Stops handling this channel's messages; its state stays readable. Settling first is the caller's choice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopWatching();
    onClose.accept(this);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "Channel[" + id.shortHex() + ", " + phase() + ", idx " + ownIndex + "]";
  }

  /**
   * Our request in flight: its outcome ({@link #done}), the thread waiting for it, and the slot through which
   * {@link #receive} hands that thread an acceptance.
   *
   * <pre>
   * slot: null --awaitOwn--> WAITING --receive--> Inbound --awaitOwn handles it--> WAITING ... --> CLOSED
   * </pre>
   */
  private static final class OwnRequest {
    static final Object WAITING = new Object();
    static final Object CLOSED = new Object();

    final long version;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final AtomicReference<Object> slot = new AtomicReference<>();
    volatile Thread waiter;

    OwnRequest(long version) {
      this.version = version;
      done.whenComplete((ignored, failure) -> {
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      });
    }
  }

  private static final class IncomingRequest {
    final WireAddress sender;
    final State state;
    final java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);

    IncomingRequest(WireAddress sender, State state) {
      this.sender = sender;
      this.state = state;
    }
  }
}
