// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import network.perun.api.Address;
import network.perun.api.App;
import network.perun.api.AppRegistry;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.WireAddress;
import network.perun.api.message.BaseProposal;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.ChannelSync;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateAcc;
import network.perun.api.message.ChannelUpdateRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.LedgerChannelProposal;
import network.perun.api.message.LedgerChannelProposalAcc;
import network.perun.api.message.Message;
import network.perun.api.message.NonceShare;
import network.perun.api.message.Ping;
import network.perun.api.message.Pong;
import network.perun.api.message.ProposalId;
import network.perun.api.message.SubChannelProposal;
import network.perun.api.message.VirtualChannelProposal;
import network.perun.api.spi.Account;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Funder;
import network.perun.api.spi.FundingRequest;
import network.perun.api.spi.Ticker;
import network.perun.api.spi.Transport;
import network.perun.api.spi.Wallet;
import network.perun.api.Phase;
import network.perun.core.channel.ChannelMachine;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.PersistedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state channel client: the central object to open channels with peers, answer their proposals and find
 * channels.
 *
 * <p>Build it with {@link #builder()} from an identity, a transport, a funder, an adjudicator, a wallet, the
 * channel backend, an executor (handlers and settlement run on it; virtual threads are a good fit), a random
 * source for proposal IDs and nonce shares (a {@code SecureRandom} in production) and a ticker for timeouts
 * ({@code System::nanoTime}). The client starts receiving as soon as it is built.
 *
 * <pre>{@code
 * Channel ch = alice.proposeChannel(ChannelProposal.ledger(bob, aliceAddress, allocation, 60), Duration.ofSeconds(10));
 * ch.update(s -> s.withBalances(s.balances().transfer(0, 0, 1, BigInteger.ONE)), Duration.ofSeconds(5));
 * ch.updateFinal(Duration.ofSeconds(5));
 * ch.settle(Duration.ofMinutes(1));
 * }</pre>
 */
public final class Client implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Client.class);
  private static final int MAX_EARLY_CHANNELS = 256;
  private static final int MAX_EARLY_PER_CHANNEL = 16;

  private final ClientContext ctx;
  private final Map<ChannelId, Channel> channels = new ConcurrentHashMap<>();
  private final Map<ProposalId, PendingProposal> pendingProposals = new ConcurrentHashMap<>();
  private final Map<ChannelId, List<Envelope>> early = new LinkedHashMap<>();
  private final Object routeLock = new Object();
  private final ProposalHandler proposalHandler;
  private final UpdateHandler defaultUpdateHandler;
  private final Consumer<Channel> onNewChannel;
  private final AutoCloseable subscription;
  private volatile boolean closed;

  private Client(Builder b) {
    this.ctx = new ClientContext(b.identity, b.transport, b.funder, b.adjudicator, b.wallet, b.channelBackend, b.apps, b.executor, b.random, b.ticker, Optional.ofNullable(b.store), b.responseTimeout);
    this.proposalHandler = b.proposalHandler;
    this.defaultUpdateHandler = b.updateHandler;
    this.onNewChannel = b.onNewChannel;
    this.subscription = ctx.transport().subscribe(ctx.identity(), this::onEnvelope);
  }

  /** A builder; every port except the handlers, the app registry and the timeout is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Our wire identity. */
  public WireAddress identity() {
    return ctx.identity();
  }

  /** The channel with {@code id}, if this client knows it. */
  public Optional<Channel> channel(ChannelId id) {
    return Optional.ofNullable(channels.get(id));
  }

  /** Every channel this client knows, in no particular order. */
  public Collection<Channel> channels() {
    return List.copyOf(channels.values());
  }

  // ---- proposing ----

  /**
   * Proposes a two-party ledger channel to {@code proposal.peer()}, exchanges the initial signatures and funds
   * it; returns the open channel.
   *
   * @throws PeerRejectedException if the peer rejected it, with the peer's reason
   * @throws RequestTimeoutException if the peer did not answer within {@code timeout}
   * @throws ChannelFundingException if funding failed; it carries the channel so the deposits can be recovered
   * @throws network.perun.api.spi.UnknownAccountException if the wallet has no key for our participant address
   * @throws InterruptedException if the calling thread was interrupted
   */
  public Channel proposeChannel(ChannelProposal proposal, Duration timeout) throws InterruptedException {
    ensureOpen();
    Objects.requireNonNull(proposal, "proposal");
    InvalidValueException.check(!proposal.peer().equals(ctx.identity()), "cannot propose a channel to ourselves (%s)", proposal.peer());
    Account account = ctx.wallet().account(proposal.participant());
    App app = ctx.apps().resolve(proposal.app());
    long deadline = ctx.ticker().nanoTime() + timeout.toNanos();
    ProposalId proposalId = new ProposalId(randomBytes(ProposalId.LENGTH));
    NonceShare ourShare = new NonceShare(randomBytes(NonceShare.LENGTH));
    BaseProposal base = new BaseProposal(proposalId, proposal.challengeDuration(), ourShare, proposal.app(), proposal.initData(),
        proposal.initBals(), proposal.effectiveAgreement(), proposal.aux());
    LedgerChannelProposal message = new LedgerChannelProposal(base, proposal.participant(), List.of(ctx.identity(), proposal.peer()));
    PendingProposal pending = new PendingProposal(proposal.peer());
    pendingProposals.put(proposalId, pending);
    Message answer;
    try {
      ctx.send(proposal.peer(), message);
      answer = pending.answer.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RequestTimeoutException("channel proposal to " + proposal.peer(), timeout);
    } catch (ExecutionException e) {
      throw new PerunException("channel proposal failed: " + e.getCause(), e.getCause());
    } finally {
      pendingProposals.remove(proposalId);
    }
    if (answer instanceof ChannelProposalRej rej) {
      throw new PeerRejectedException("channel proposal to " + proposal.peer(), rej.reason());
    }
    LedgerChannelProposalAcc acc = (LedgerChannelProposalAcc) answer;
    Params params = new Params(proposal.challengeDuration(), List.of(proposal.participant(), acc.participant()), proposal.app(),
        nonce(ourShare, acc.nonceShare()), true, false, proposal.aux());
    Channel channel = openChannel(params, 0, List.of(ctx.identity(), proposal.peer()), account, app, proposal);
    completeOpening(channel, proposal.effectiveAgreement(), Duration.ofNanos(remaining(deadline)));
    return channel;
  }

  private Channel openChannel(Params params, int ownIndex, List<WireAddress> peers, Account account, App app, ChannelProposal terms) {
    ChannelId id = ctx.channelBackend().channelId(params);
    ChannelMachine machine = ChannelMachine.create(id, params, ownIndex).init(terms.initBals(), terms.initData(), app);
    return register(new Channel(ctx, machine, peers, Optional.of(terms.effectiveAgreement()), account, app, defaultUpdateHandler, this::forget));
  }

  /** Adds a channel to the routing table and hands it the messages that arrived for it early. */
  private Channel register(Channel channel) {
    ChannelId id = channel.id();
    List<Envelope> replay;
    synchronized (routeLock) {
      if (channels.putIfAbsent(id, channel) != null) {
        throw new InvalidValueException("channel " + id + " already exists");
      }
      replay = early.remove(id);
    }
    if (replay != null) {
      replay.forEach(env -> channel.receive(env.sender(), env.message()));
    }
    return channel;
  }

  private void completeOpening(Channel channel, Balances agreement, Duration timeout) throws InterruptedException {
    try {
      channel.exchangeInitialSignatures(timeout);
    } catch (PerunException | InterruptedException e) {
      forget(channel);
      throw e;
    }
    channel.startWatching();
    try {
      ctx.funder().fund(new FundingRequest(channel.id(), channel.params(), channel.state(), channel.ownIndex(), agreement));
    } catch (PerunException e) {
      throw new ChannelFundingException(channel, e);
    }
    channel.markFunded();
    LOG.info("channel {} open with {} (index {})", channel.id().shortHex(), channel.peers(), channel.ownIndex());
    if (onNewChannel != null) {
      onNewChannel.accept(channel);
    }
  }

  private void forget(Channel channel) {
    channels.remove(channel.id(), channel);
  }

  // ---- restoring ----

  /**
   * Restores every channel of the store after a restart, each with its phase: a channel caught while signing
   * goes back to its last fully signed state and syncs with its peers (so an interrupted update is finished, not
   * forked); funding is resumed after a sync (which hands a peer still waiting for our initial signature the one a
   * crash kept from it); watchers restart; a settlement in progress continues in the background. A
   * channel whose initial state was never fully signed is dropped (we deposited nothing for it).
   *
   * @return the restored channels
   * @throws IllegalStateException if the client has no store
   * @throws network.perun.persistence.spi.StoreException if the store cannot be read
   */
  public List<Channel> restore() {
    ensureOpen();
    ChannelStore store = ctx.store().orElseThrow(() -> new IllegalStateException("this client has no store: Client.builder().store(...)"));
    List<Channel> restored = new ArrayList<>();
    for (PersistedChannel pc : store.channels()) {
      if (channels.containsKey(pc.id())) {
        continue;
      }
      Phase phase = pc.phase();
      if (phase == Phase.INIT_ACTING || phase == Phase.INIT_SIGNING || pc.current().isEmpty()) {
        LOG.info("channel {}: never fully signed before the restart; dropping it", pc.id().shortHex());
        store.remove(pc.id());
        continue;
      }
      Phase resumed = switch (phase) {
        case SIGNING -> Phase.ACTING;
        case PROGRESSING -> Phase.REGISTERED;
        default -> phase;
      };
      ChannelMachine machine = ChannelMachine.of(pc.id(), pc.params(), pc.ownIndex(), resumed, pc.current(),
          resumed == phase ? pc.staging() : Optional.empty());
      Account account = ctx.wallet().account(pc.params().participants().get(pc.ownIndex()));
      App app = ctx.apps().resolve(pc.params().app());
      Channel channel = register(new Channel(ctx, machine, pc.peers(), pc.fundingAgreement(), account, app, defaultUpdateHandler, this::forget));
      channel.startWatching();
      restored.add(channel);
      LOG.info("channel {}: restored in phase {} at version {}", pc.id().shortHex(), resumed, pc.current().get().state().version());
      switch (resumed) {
        case FUNDING -> {
          channel.sync(); // a peer still waiting for our initial signature (lost in the crash) takes it from here
          ctx.executor().execute(() -> resumeFunding(channel));
        }
        case ACTING, FINAL -> channel.sync();
        case REGISTERING, REGISTERED, PROGRESSED, WITHDRAWING -> ctx.executor().execute(() -> resumeSettlement(channel));
        default -> { }
      }
      if (onNewChannel != null) {
        onNewChannel.accept(channel);
      }
    }
    return List.copyOf(restored);
  }

  private void resumeFunding(Channel channel) {
    try {
      ctx.funder().fund(new FundingRequest(channel.id(), channel.params(), channel.state(), channel.ownIndex(), channel.fundingAgreement()));
      channel.markFunded();
      channel.sync();
    } catch (PerunException e) {
      LOG.error("channel {}: resumed funding failed: {}; settle the channel to recover deposits", channel.id().shortHex(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void resumeSettlement(Channel channel) {
    try {
      channel.settle(Duration.ofDays(365), true);
    } catch (PerunException e) {
      LOG.error("channel {}: resumed settlement failed: {}", channel.id().shortHex(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- receiving ----

  private void onEnvelope(Envelope env) {
    if (closed) {
      return;
    }
    if (!env.recipient().equals(ctx.identity())) {
      LOG.warn("dropping {} addressed to {}, we are {}", env.message().type(), env.recipient(), ctx.identity());
      return;
    }
    Message m = env.message();
    switch (m) {
      case LedgerChannelProposal p -> onProposal(env.sender(), p);
      case LedgerChannelProposalAcc acc -> answerProposal(env.sender(), acc.proposalId(), acc);
      case ChannelProposalRej rej -> answerProposal(env.sender(), rej.proposalId(), rej);
      case ChannelUpdate u -> route(env, u.state().channelId());
      case ChannelUpdateAcc acc -> route(env, acc.channelId());
      case ChannelUpdateRej rej -> route(env, rej.channelId());
      case ChannelSync sync -> route(env, sync.transaction().state().channelId());
      case SubChannelProposal p -> sendQuietly(env.sender(), new ChannelProposalRej(p.base().proposalId(), "sub-channels are not supported by this client"));
      case VirtualChannelProposal p -> sendQuietly(env.sender(), new ChannelProposalRej(p.base().proposalId(), "virtual channels are not supported by this client"));
      case Ping ping -> sendQuietly(env.sender(), new Pong(ping.timeNanos()));
      default -> LOG.debug("ignoring {} from {}", m.type(), env.sender());
    }
  }

  private void route(Envelope env, ChannelId id) {
    Channel channel;
    synchronized (routeLock) {
      channel = channels.get(id);
      if (channel == null) {
        List<Envelope> queue = early.get(id);
        if (queue == null) {
          if (early.size() >= MAX_EARLY_CHANNELS) {
            ChannelId oldest = early.keySet().iterator().next();
            early.remove(oldest);
            LOG.warn("early-message buffer full: dropped messages for unknown channel {}", oldest.shortHex());
          }
          queue = new ArrayList<>();
          early.put(id, queue);
        }
        if (queue.size() < MAX_EARLY_PER_CHANNEL) {
          queue.add(env);
        } else {
          LOG.warn("dropping {} for unknown channel {}: too many early messages", env.message().type(), id.shortHex());
        }
        return;
      }
    }
    channel.receive(env.sender(), env.message());
  }

  private void answerProposal(WireAddress sender, ProposalId id, Message answer) {
    PendingProposal pending = pendingProposals.get(id);
    if (pending == null || !pending.peer.equals(sender)) {
      LOG.debug("ignoring answer to unknown {} from {}", id, sender);
      return;
    }
    pending.answer.complete(answer);
  }

  private void onProposal(WireAddress sender, LedgerChannelProposal p) {
    ProposalId pid = p.base().proposalId();
    String invalid = validateProposal(sender, p);
    if (invalid != null) {
      LOG.info("rejecting invalid {} from {}: {}", pid, sender, invalid);
      sendQuietly(sender, new ChannelProposalRej(pid, invalid));
      return;
    }
    IncomingProposal incoming = new IncomingProposal(sender, p);
    IncomingProposalResponder responder = new IncomingProposalResponder(incoming);
    ctx.executor().execute(() -> {
      try {
        if (proposalHandler == null) {
          responder.reject("this client does not accept channel proposals");
        } else {
          proposalHandler.handleProposal(incoming, responder);
        }
      } catch (RuntimeException e) {
        LOG.warn("proposal handler failed on {}: {}", pid, e.toString());
        if (!responder.used.get()) {
          responder.reject("proposal handler failed");
        }
      }
    });
  }

  /** The seed's {@code Valid} rules plus the two-party checks; returns the reason or null if valid. */
  private String validateProposal(WireAddress sender, LedgerChannelProposal p) {
    BaseProposal base = p.base();
    if (base.challengeDuration() <= 0) {
      return "challenge duration must be > 0, got " + base.challengeDuration();
    }
    if (p.peers().size() != 2) {
      return "only two-party channels are supported, got " + p.peers().size() + " peers";
    }
    if (!p.peers().get(0).equals(sender)) {
      return "peer 0 must be the proposer " + sender + ", got " + p.peers().get(0);
    }
    if (!p.peers().get(1).equals(ctx.identity())) {
      return "peer 1 must be us (" + ctx.identity() + "), got " + p.peers().get(1);
    }
    if (base.initBals().numParticipants() != 2) {
      return "initial balances must have 2 participants, got " + base.initBals().numParticipants();
    }
    if (!base.initBals().locked().isEmpty()) {
      return "initial balances must not lock funds";
    }
    try {
      ChannelProposal.checkAgreement(base.initBals(), base.fundingAgreement());
      ctx.apps().resolve(base.app());
    } catch (PerunException e) {
      return e.getMessage();
    }
    if (pendingProposals.containsKey(base.proposalId())) {
      return "duplicate proposal ID";
    }
    return null;
  }

  private final class IncomingProposalResponder implements ProposalResponder {
    private final IncomingProposal proposal;
    private final AtomicBoolean used = new AtomicBoolean();

    IncomingProposalResponder(IncomingProposal proposal) {
      this.proposal = proposal;
    }

    @Override
    public Channel accept(Address participant, Duration timeout) throws InterruptedException {
      if (!used.compareAndSet(false, true)) {
        throw new IllegalStateException("this proposal was already answered");
      }
      ensureOpen();
      BaseProposal base = proposal.message().base();
      Channel channel;
      NonceShare ourShare = new NonceShare(randomBytes(NonceShare.LENGTH));
      try {
        Account account = ctx.wallet().account(participant);
        App app = ctx.apps().resolve(base.app());
        Params params = new Params(base.challengeDuration(), List.of(proposal.proposerParticipant(), participant), base.app(),
            nonce(base.nonceShare(), ourShare), true, false, base.aux());
        ChannelProposal terms = new ChannelProposal(proposal.proposer(), participant, base.initBals(), base.challengeDuration(), base.app(),
            base.initData(), Optional.of(base.fundingAgreement()), base.aux());
        channel = openChannel(params, 1, List.of(proposal.proposer(), ctx.identity()), account, app, terms);
      } catch (PerunException e) {
        // Whatever stops us here (no key for the address, a backend refusing the params), the proposer hears why.
        sendQuietly(proposal.proposer(), new ChannelProposalRej(proposal.proposalId(), "the responder cannot open this channel: " + e.getMessage()));
        throw e;
      }
      try {
        ctx.send(proposal.proposer(), new LedgerChannelProposalAcc(base.proposalId(), ourShare, participant));
      } catch (PerunException e) {
        forget(channel);
        throw e;
      }
      completeOpening(channel, base.fundingAgreement(), timeout);
      return channel;
    }

    @Override
    public void reject(String reason) {
      Objects.requireNonNull(reason, "reason");
      if (!used.compareAndSet(false, true)) {
        throw new IllegalStateException("this proposal was already answered");
      }
      sendQuietly(proposal.proposer(), new ChannelProposalRej(proposal.proposalId(), reason));
    }
  }

  // ---- helpers ----

  /** The channel nonce: SHA3-256(proposer's share || responder's share) as an unsigned big-endian number. */
  static BigInteger nonce(NonceShare proposer, NonceShare responder) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      sha3.update(proposer.bytes().toArray());
      sha3.update(responder.bytes().toArray());
      return new BigInteger(1, sha3.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is part of every Java 9+ runtime", e);
    }
  }

  private Bytes randomBytes(int n) {
    byte[] b = new byte[n];
    ctx.random().nextBytes(b);
    return Bytes.wrap(b);
  }

  private long remaining(long deadline) {
    return Math.max(0, deadline - ctx.ticker().nanoTime());
  }

  private void sendQuietly(WireAddress to, Message message) {
    try {
      ctx.send(to, message);
    } catch (PerunException e) {
      LOG.warn("could not send {} to {}: {}", message.type(), to, e.getMessage());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ChannelClosedException("client " + ctx.identity() + " is closed");
    }
  }

  /** Stops receiving and closes every channel (without settling them). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.warn("closing the transport subscription failed: {}", e.toString());
    }
    for (Channel c : channels()) {
      c.close();
    }
    pendingProposals.values().forEach(p -> p.answer.completeExceptionally(new ChannelClosedException("client closed")));
  }

  private static final class PendingProposal {
    final WireAddress peer;
    final CompletableFuture<Message> answer = new CompletableFuture<>();

    PendingProposal(WireAddress peer) {
      this.peer = peer;
    }
  }

  /** Assembles a {@link Client} from its ports. */
  public static final class Builder {
    private WireAddress identity;
    private Transport transport;
    private Funder funder;
    private Adjudicator adjudicator;
    private Wallet wallet;
    private ChannelBackend channelBackend;
    private AppRegistry apps = new AppRegistry();
    private Executor executor;
    private RandomGenerator random;
    private Ticker ticker;
    private Duration responseTimeout = Duration.ofSeconds(10);
    private ProposalHandler proposalHandler;
    private UpdateHandler updateHandler;
    private Consumer<Channel> onNewChannel;
    private ChannelStore store;

    private Builder() {}

    /**
     * Persists every channel in {@code store} (write-ahead: nothing is signed to a peer or reported before it is
     * durable) and lets {@link Client#restore()} bring them back after a restart. Without a store, channels live
     * in memory only.
     */
    public Builder store(ChannelStore store) {
      this.store = store;
      return this;
    }

    public Builder identity(WireAddress identity) {
      this.identity = identity;
      return this;
    }

    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    public Builder funder(Funder funder) {
      this.funder = funder;
      return this;
    }

    public Builder adjudicator(Adjudicator adjudicator) {
      this.adjudicator = adjudicator;
      return this;
    }

    public Builder wallet(Wallet wallet) {
      this.wallet = wallet;
      return this;
    }

    /** The channel backend: channel IDs and state signatures. */
    public Builder channelBackend(ChannelBackend channelBackend) {
      this.channelBackend = channelBackend;
      return this;
    }

    /** The apps this client knows (default: none, so only channels without app). */
    public Builder apps(AppRegistry apps) {
      this.apps = apps;
      return this;
    }

    /** Runs handlers and settlement; {@code Executors.newVirtualThreadPerTaskExecutor()} is a good choice. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Draws proposal IDs and nonce shares; use a {@code SecureRandom} outside tests. */
    public Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    /** Measures timeouts; {@code System::nanoTime} outside tests. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** How long an incoming update may wait for our handler's answer before it is rejected (default 10 s). */
    public Builder responseTimeout(Duration responseTimeout) {
      InvalidValueException.check(!responseTimeout.isNegative() && !responseTimeout.isZero(), "response timeout must be positive, got %s", responseTimeout);
      this.responseTimeout = responseTimeout;
      return this;
    }

    /** Decides on incoming channel proposals (default: reject all). */
    public Builder proposalHandler(ProposalHandler handler) {
      this.proposalHandler = handler;
      return this;
    }

    /** The default handler of incoming updates for every channel (default: reject all). */
    public Builder updateHandler(UpdateHandler handler) {
      this.updateHandler = handler;
      return this;
    }

    /** Called once per channel when it is open and funded. */
    public Builder onNewChannel(Consumer<Channel> callback) {
      this.onNewChannel = callback;
      return this;
    }

    /**
     * Builds the client and subscribes it to the transport.
     *
     * @throws InvalidValueException naming the first missing port
     */
    public Client build() {
      require(identity, "identity");
      require(transport, "transport");
      require(funder, "funder");
      require(adjudicator, "adjudicator");
      require(wallet, "wallet");
      require(channelBackend, "channelBackend");
      require(apps, "apps");
      require(executor, "executor");
      require(random, "random");
      require(ticker, "ticker");
      return new Client(this);
    }

    private static void require(Object value, String name) {
      InvalidValueException.check(value != null, "Client.builder(): %s is required", name);
    }
  }
}
