// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.Phase;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.WireAddress;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.Funder;
import network.perun.api.spi.FundingRequest;
import network.perun.api.spi.ProgressRequest;
import network.perun.api.spi.Transport;
import network.perun.backend.eth.EthAddress;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.IncomingProposal;
import network.perun.core.client.IncomingUpdate;
import network.perun.core.client.ProposalResponder;
import network.perun.core.client.SettlementProgress;
import network.perun.core.client.UpdateResponder;
import network.perun.node.chain.ChainConnection;
import network.perun.node.chain.ChainTransaction;
import network.perun.node.config.ConfigException;
import network.perun.node.config.HostPort;
import network.perun.node.config.NodeConfig;
import network.perun.node.config.PolicyConfig;
import network.perun.node.http.HttpJson;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.persistence.spi.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A running perun node: one identity, its contacts, its channels, the policies that answer its peers, the event
 * stream and the metrics, on a transport and a chain.
 *
 * <p>The local API ({@code network.perun.node.api}) calls the public methods; each checks its input and throws a
 * {@link NodeException} with an {@link ErrorCode} before anything changes. Incoming proposals and payments are
 * answered by the {@link PolicyConfig policy}, or held in {@link #decisions()} until someone decides through the
 * API or the hold expires.
 *
 * <p>Settlement runs in the background and reports through events: after a cooperative close, when the peer closed
 * (a final state arrived), and when the chain shows a dispute or conclusion of one of our channels.
 *
 * <p>Channels are kept in a LevelDB store in the data directory ({@code channels/}, synced writes; the client
 * writes ahead of every signature it sends) and restored at start: each restored channel syncs with its peer, and
 * funding or a settlement in progress resumes.
 *
 * <p>Shutdown ({@link #close()}): new requests are refused, updates in flight get {@code shutdown-grace} to finish
 * and are then interrupted, which rolls them back; then the client, the store, the transport and the chain are
 * closed and the data directory is unlocked. Logs carry the channel's short ID in the MDC key {@code channel}.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final String MDC_CHANNEL = "channel";
  /** The funder or adjudicator call the current thread runs, to attribute the transactions it sends. */
  private static final ThreadLocal<String> OPERATION = new ThreadLocal<>();

  private final NodeConfig config;
  private final DataDirLock lock;
  private final NodeIdentity identity;
  private final Transport transport;
  private final PeerDirectory peers;
  private final ChainConnection chain;
  private final ContactBook contacts;
  private final EventLog events;
  private final PendingDecisions decisions = new PendingDecisions();
  private final NodeMetrics metrics = new NodeMetrics();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<ChannelId, Tracked> channels = new ConcurrentHashMap<>();
  private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
  private final ChannelStore store;
  private final Client client;
  private volatile boolean restoring;
  private volatile boolean stopping;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Node(NodeConfig config, DataDirLock lock, NodeIdentity identity, NodeTransport transport, ChainConnection chain, ContactBook contacts,
      EventLog events, ChannelStore store) throws InterruptedException {
    this.config = config;
    this.lock = lock;
    this.identity = identity;
    this.transport = transport.transport();
    this.peers = transport.peers();
    this.chain = chain;
    this.contacts = contacts;
    this.events = events;
    this.store = store;
    events.addListener(e -> metrics.event());
    chain.onTransaction(this::onTransaction);
    for (Contact c : contacts.all()) {
      peers.addPeer(c.wireAddress(), c.address());
    }
    if (config.simFaucet().signum() > 0) {
      BigInteger balance = chain.topUp(identity.address(), config.simFaucet());
      LOG.info("on-chain balance of {}: {}", identity.address(), balance);
    }
    this.client = Client.builder()
        .identity(identity.wireAddress())
        .transport(this.transport)
        .funder(new ObservedFunder(chain.funder()))
        .adjudicator(new ObservedAdjudicator(chain.adjudicator()))
        .wallet(identity.wallet())
        .channelBackend(ChainBackends.of(config.backend()).channelBackend())
        .executor(executor)
        .random(new SecureRandom())
        .ticker(System::nanoTime)
        .responseTimeout(config.policy().decisionTimeout().plusSeconds(2))
        .proposalHandler(this::onProposal)
        .updateHandler(this::onUpdate)
        .onNewChannel(this::track)
        .store(store)
        .build();
    metrics.channels(this, Node::countInPhase);
    metrics.peersConnected(() -> (int) contacts.all().stream().filter(c -> peers.isConnected(c.wireAddress())).count());
    ObjectNode started = json();
    started.put("identity", identity.wireAddressHex());
    started.put("address", identity.address().bytes().toHex());
    started.put("chain", chain.describe());
    events.append("node-started", started);
  }

  /** Brings back the stored channels: each syncs with its peer; funding and settlements in progress resume. */
  private void restoreChannels() {
    restoring = true;
    try {
      List<Channel> restored = client.restore();
      if (!restored.isEmpty()) {
        LOG.info("restored {} channel(s) from {}", restored.size(), config.channelsDir());
      }
    } finally {
      restoring = false;
    }
  }

  /**
   * Starts a node: locks the data directory, loads the identity, connects transport and chain through
   * {@code connector}, opens the contacts, the event log and the channel store, starts the client and restores the
   * stored channels.
   *
   * @throws ConfigException if the data directory is in use, the identity is missing or unsafe, a file cannot be
   *     read or a connection cannot be made; nothing stays locked or open then
   */
  public static Node start(NodeConfig config, NodeConnector connector) throws InterruptedException {
    DataDirLock lock = DataDirLock.acquire(config.lockFile());
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      NodeIdentity identity = NodeIdentity.load(config);
      ChainConnection chain = connector.chain(config, identity);
      opened.add(chain);
      NodeTransport transport = connector.transport(config, identity);
      opened.add(transport.transport());
      ContactBook contacts = ContactBook.open(config.contactsFile(), identity.wireAddress().backendId());
      EventLog events = EventLog.open(config.eventsFile());
      opened.add(events);
      ChannelStore store;
      try {
        store = LevelDbChannelStore.open(config.channelsDir(), Durability.SYNC, ChainBackends.of(config.backend()).walletBackend().signatureSize());
      } catch (StoreException e) {
        throw new ConfigException("cannot open the channel store " + config.channelsDir() + ": " + e.getMessage(), e);
      }
      opened.add(store);
      Node node = new Node(config, lock, identity, transport, chain, contacts, events, store);
      opened.clear();
      try {
        node.restoreChannels();
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
      return node;
    } catch (RuntimeException | InterruptedException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      lock.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------- reads

  public NodeConfig config() {
    return config;
  }

  public NodeIdentity identity() {
    return identity;
  }

  public EventLog events() {
    return events;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public PendingDecisions decisions() {
    return decisions;
  }

  public ChainConnection chain() {
    return chain;
  }

  /** Whether the node is shutting down (and refuses new requests). */
  public boolean isStopping() {
    return stopping;
  }

  /** The node's health: status, identity, account (EIP-55, on Ethereum), chain time and balance, counts. */
  public ObjectNode health() throws InterruptedException {
    ObjectNode h = json();
    h.put("status", stopping ? "stopping" : "ok");
    h.put("identity", identity.wireAddressHex());
    h.put("address", identity.address().bytes().toHex());
    if (config.eth().isPresent()) {
      h.put("account", EthAddress.checksummed(identity.address()));
    }
    h.put("chain", chain.describe());
    try {
      h.put("chainTime", chain.time());
      h.put("onChainBalance", chain.balance(identity.address()).toString());
    } catch (PerunException e) {
      h.put("chainError", e.getMessage());
    }
    h.put("listen", config.listen().toString());
    h.put("channels", channels.size());
    h.put("contacts", contacts.all().size());
    h.put("pendingDecisions", decisions.all().size());
    h.put("lastEventId", events.lastId());
    return h;
  }

  /** Every channel this node tracks, oldest first by ID order. */
  public List<ChannelView> channels() {
    List<ChannelView> out = new ArrayList<>();
    for (Tracked t : channels.values()) {
      out.add(view(t));
    }
    out.sort(Comparator.comparing(ChannelView::id));
    return out;
  }

  /**
   * The channel whose ID (hex, optionally {@code 0x}) starts with {@code ref} (at least 8 digits).
   *
   * @throws NodeException {@link ErrorCode#UNKNOWN_CHANNEL}, {@link ErrorCode#AMBIGUOUS_CHANNEL} or
   *     {@link ErrorCode#INVALID_REQUEST} for a malformed reference
   */
  public ChannelView channel(String ref) {
    return view(resolve(ref));
  }

  // ---------------------------------------------------------------------------------------------- contacts

  public List<Contact> contacts() {
    return contacts.all();
  }

  /** Adds a contact, tells the transport where it listens and saves the book. */
  public Contact addContact(String name, String wireAddressHex, String address) {
    requireRunning();
    WireAddress wire = contacts.wireAddress(wireAddressHex);
    if (wire.equals(identity.wireAddress())) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "wire address " + wireAddressHex + " is this node's own");
    }
    HostPort where;
    try {
      where = HostPort.parse(address, "address");
    } catch (ConfigException e) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, e.getMessage());
    }
    Contact contact = new Contact(name, wire, where);
    contacts.add(contact);
    peers.addPeer(wire, where);
    events.append("contact-added", json().put("name", name).put("wireAddress", contact.wireAddressHex()).put("address", where.toString()));
    return contact;
  }

  /** Removes a contact (its channels stay). */
  public Contact removeContact(String name) {
    requireRunning();
    Contact removed = contacts.remove(name);
    events.append("contact-removed", json().put("name", name));
    return removed;
  }

  // ---------------------------------------------------------------------------------------------- channel operations

  /**
   * Proposes a channel to contact {@code contactName} with our and the peer's deposit, and waits until it is open
   * and funded (at most {@code request-timeout} for the peer's answer).
   */
  public ChannelView open(String contactName, BigInteger ourDeposit, BigInteger peerDeposit, OptionalLong challengeDuration) throws InterruptedException {
    return operation(() -> {
      Contact contact = contacts.byName(contactName)
          .orElseThrow(() -> new NodeException(ErrorCode.UNKNOWN_CONTACT, "no contact is named \"" + contactName + "\""));
      requireAmount(ourDeposit, "deposit", true);
      requireAmount(peerDeposit, "peer deposit", true);
      if (ourDeposit.signum() == 0 && peerDeposit.signum() == 0) {
        throw new NodeException(ErrorCode.INVALID_AMOUNT, "a channel needs a deposit: both deposits are 0");
      }
      long challenge = challengeDuration.orElse(config.challengeDuration());
      if (challenge <= 0) {
        throw new NodeException(ErrorCode.INVALID_REQUEST, "challenge duration must be positive, got " + challenge);
      }
      BigInteger onChain = chain.balance(identity.address());
      if (onChain.compareTo(ourDeposit) < 0) {
        throw new NodeException(ErrorCode.INSUFFICIENT_FUNDS, "the deposit " + ourDeposit + " is more than our on-chain balance " + onChain);
      }
      Allocation alloc = Allocation.of(List.of(chain.asset()), Balances.ofSingleAsset(ourDeposit, peerDeposit));
      events.append("proposal-sent", json().put("peer", contact.name()).put("deposit", ourDeposit.toString())
          .put("peerDeposit", peerDeposit.toString()).put("challengeDuration", challenge));
      Channel ch = client.proposeChannel(ChannelProposal.ledger(contact.wireAddress(), identity.address(), alloc, challenge), config.requestTimeout());
      return view(channels.computeIfAbsent(ch.id(), id -> new Tracked(ch)));
    });
  }

  /** Pays {@code amount} to the peer of channel {@code ref}; returns the channel after the update. */
  public ChannelView pay(String ref, BigInteger amount) throws InterruptedException {
    return operation(() -> {
      Tracked t = resolve(ref);
      requireAmount(amount, "amount", false);
      Channel ch = t.channel;
      try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
        requireUpdatable(t);
        int own = ch.ownIndex();
        BigInteger have = ch.state().balances().get(0, own);
        if (have.compareTo(amount) < 0) {
          throw new NodeException(ErrorCode.INSUFFICIENT_FUNDS, "the payment of " + amount + " is more than our balance " + have + " in channel " + ch.id().shortHex());
        }
        long start = System.nanoTime();
        try {
          ch.update(s -> {
            BigInteger now = s.balances().get(0, own);
            if (now.compareTo(amount) < 0) {
              throw new NodeException(ErrorCode.INSUFFICIENT_FUNDS, "the payment of " + amount + " is more than our balance " + now + " in channel " + ch.id().shortHex());
            }
            return s.withBalances(s.balances().transfer(0, own, 1 - own, amount));
          }, config.requestTimeout());
          metrics.update("sent", "accepted");
          metrics.updateLatency(Duration.ofNanos(System.nanoTime() - start));
        } catch (NodeException e) {
          throw e;
        } catch (RuntimeException | InterruptedException e) {
          metrics.update("sent", ErrorCode.of(e) == ErrorCode.PEER_REJECTED ? "rejected" : "failed");
          throw e;
        }
        return view(t);
      }
    });
  }

  /**
   * Closes channel {@code ref} cooperatively: agrees a final state with the peer (waiting for it), then settles
   * on chain in the background; the events report the steps. A peer that does not sign the final state leaves
   * the channel open: force the close with {@link #dispute}.
   */
  public ChannelView close(String ref) throws InterruptedException {
    return operation(() -> {
      Tracked t = resolve(ref);
      Channel ch = t.channel;
      try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
        requireNotSettling(t);
        Phase phase = ch.phase();
        if (phase != Phase.ACTING && phase != Phase.FINAL && phase != Phase.SIGNING) {
          throw new NodeException(ErrorCode.CHANNEL_NOT_OPEN, "channel " + ch.id().shortHex() + " is in phase " + phase + " and cannot be closed");
        }
        if (!t.settling.compareAndSet(false, true)) {
          throw new NodeException(ErrorCode.CHANNEL_SETTLING, "channel " + ch.id().shortHex() + " is being settled already");
        }
        try {
          if (!ch.state().isFinal()) {
            ch.updateFinal(config.requestTimeout());
            metrics.update("sent", "accepted");
          }
        } catch (RuntimeException | InterruptedException e) {
          t.settling.set(false);
          metrics.update("sent", ErrorCode.of(e) == ErrorCode.PEER_REJECTED ? "rejected" : "failed");
          throw e;
        }
        settleInBackground(t, false, "closed through the API");
        return view(t);
      }
    });
  }

  /**
   * Settles channel {@code ref} without the peer: registers our latest state on chain, waits out the challenge
   * period and withdraws, in the background; the events report the steps.
   */
  public ChannelView dispute(String ref) throws InterruptedException {
    return operation(() -> {
      Tracked t = resolve(ref);
      Channel ch = t.channel;
      requireNotSettling(t);
      Phase phase = ch.phase();
      if (phase == Phase.WITHDRAWN || phase == Phase.WITHDRAWING || phase == Phase.INIT_ACTING || phase == Phase.INIT_SIGNING) {
        throw new NodeException(ErrorCode.CHANNEL_NOT_OPEN, "channel " + ch.id().shortHex() + " is in phase " + phase + " and cannot be disputed");
      }
      if (!t.settling.compareAndSet(false, true)) {
        throw new NodeException(ErrorCode.CHANNEL_SETTLING, "channel " + ch.id().shortHex() + " is being settled already");
      }
      settleInBackground(t, false, "dispute forced through the API");
      return view(t);
    });
  }

  /**
   * Answers the held decision {@code id}.
   *
   * @throws NodeException {@link ErrorCode#UNKNOWN_DECISION} if nothing with that ID is pending
   */
  public PendingDecisions.Pending decide(long id, boolean accept, String reason) {
    requireRunning();
    return decisions.decide(id, new PendingDecisions.Verdict(accept, reason));
  }

  // ---------------------------------------------------------------------------------------------- incoming

  private void onProposal(IncomingProposal p, ProposalResponder responder) {
    Optional<Contact> contact = contacts.byWireAddress(p.proposer());
    ObjectNode details = json();
    details.put("peer", contact.map(Contact::name).orElse(p.proposer().bytes().toHex()));
    details.put("peerIsContact", contact.isPresent());
    if (stopping) {
      responder.reject("the node is shutting down");
      return;
    }
    if (p.app().isPresent() || p.initBals().assets().size() != 1 || !p.initBals().assets().get(0).equals(chain.asset())) {
      responder.reject("this node opens payment channels in " + chain.asset() + " only");
      events.append("proposal-rejected", details.put("reason", "unsupported app or asset"));
      return;
    }
    BigInteger ours = p.fundingAgreement().get(0, 1);
    BigInteger theirs = p.fundingAgreement().get(0, 0);
    details.put("deposit", ours.toString()).put("peerDeposit", theirs.toString()).put("challengeDuration", p.challengeDuration());
    events.append("proposal-received", details);
    PolicyConfig policy = config.policy();
    PolicyConfig.Rule rule = contact.isPresent() ? policy.proposalsFromContacts() : policy.proposalsFromOthers();
    if (rule == PolicyConfig.Rule.ACCEPT && ours.compareTo(policy.maxAutoDeposit()) > 0) {
      rule = PolicyConfig.Rule.ASK;
    }
    String reason = "rejected by policy";
    boolean accept = rule == PolicyConfig.Rule.ACCEPT;
    if (rule == PolicyConfig.Rule.ASK) {
      Optional<PendingDecisions.Verdict> verdict = hold("proposal", details);
      accept = verdict.map(PendingDecisions.Verdict::accept).orElse(false);
      reason = verdict.map(PendingDecisions.Verdict::reason).orElse("no decision within " + policy.decisionTimeout().toSeconds() + " s");
    }
    if (accept) {
      try {
        BigInteger onChain = chain.balance(identity.address());
        if (onChain.compareTo(ours) < 0) {
          accept = false;
          reason = "our on-chain balance " + onChain + " does not cover the deposit " + ours;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        accept = false;
        reason = "the node is shutting down";
      }
    }
    if (!accept) {
      responder.reject(reason);
      events.append("proposal-rejected", details.put("reason", reason));
      return;
    }
    try {
      Channel ch = responder.accept(identity.address(), config.requestTimeout());
      channels.computeIfAbsent(ch.id(), id -> new Tracked(ch));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      events.append("proposal-failed", details.put("reason", "interrupted"));
    } catch (RuntimeException e) {
      LOG.warn("accepting the proposal from {} failed: {}", details.get("peer").asText(), e.toString());
      events.append("proposal-failed", details.put("error", ErrorCode.of(e).code()).put("reason", String.valueOf(e.getMessage())));
    }
  }

  private void onUpdate(State current, IncomingUpdate update, UpdateResponder responder) {
    Optional<Channel> found = client.channel(update.channelId());
    if (found.isEmpty()) {
      responder.reject("unknown channel");
      return;
    }
    Channel ch = found.get();
    try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
      answerUpdate(ch, current, update.state(), responder);
    }
  }

  private void answerUpdate(Channel ch, State current, State next, UpdateResponder responder) {
    int own = ch.ownIndex();
    ObjectNode details = channelJson(ch);
    if (!next.allocation().assets().equals(current.allocation().assets()) || !next.allocation().locked().isEmpty()
        || !next.app().equals(current.app()) || !next.data().equals(current.data())) {
      reject(responder, details, "this node takes payment updates only: balances and the final flag");
      return;
    }
    BigInteger received = BigInteger.ZERO;
    for (int a = 0; a < next.balances().numAssets(); a++) {
      BigInteger delta = next.balances().get(a, own).subtract(current.balances().get(a, own));
      if (delta.signum() < 0) {
        reject(responder, details, "an update must not lower our balance (by " + delta.negate() + ")");
        return;
      }
      received = received.add(delta);
    }
    details.put("amount", received.toString()).put("final", next.isFinal());
    if (received.signum() == 0) {
      if (next.isFinal()) {
        accept(responder, details);
      } else {
        reject(responder, details, "the update changes nothing");
      }
      return;
    }
    PolicyConfig policy = config.policy();
    PolicyConfig.Rule rule = policy.payments();
    if (rule == PolicyConfig.Rule.ACCEPT && received.compareTo(policy.maxAutoPayment()) > 0) {
      rule = PolicyConfig.Rule.ASK;
    }
    switch (rule) {
      case ACCEPT -> accept(responder, details);
      case REJECT -> reject(responder, details, "this node does not accept payments");
      case ASK -> {
        Optional<PendingDecisions.Verdict> verdict = hold("payment", details);
        if (verdict.isPresent() && verdict.get().accept()) {
          accept(responder, details);
        } else {
          reject(responder, details, verdict.map(PendingDecisions.Verdict::reason).orElse("no decision within " + policy.decisionTimeout().toSeconds() + " s"));
        }
      }
    }
  }

  private void accept(UpdateResponder responder, ObjectNode details) {
    try {
      responder.accept();
      metrics.update("received", "accepted");
    } catch (IllegalStateException | PerunException e) {
      metrics.update("received", "failed");
      events.append("update-expired", details.put("reason", String.valueOf(e.getMessage())));
    }
  }

  private void reject(UpdateResponder responder, ObjectNode details, String reason) {
    try {
      responder.reject(reason);
    } catch (IllegalStateException e) {
      LOG.debug("update was answered already: {}", e.getMessage());
    }
    metrics.update("received", "rejected");
    events.append("update-rejected", details.put("reason", reason));
  }

  /** Holds a decision and waits for it; empty if it expired or the node stops. */
  private Optional<PendingDecisions.Verdict> hold(String kind, ObjectNode details) {
    PendingDecisions.Pending p = decisions.hold(kind, details, config.policy().decisionTimeout());
    ObjectNode pending = details.deepCopy();
    pending.put("decision", p.id()).put("kind", kind).put("expiresAt", p.expiresAt().toString());
    events.append("decision-pending", pending);
    try {
      Optional<PendingDecisions.Verdict> verdict = decisions.await(p);
      if (verdict.isEmpty()) {
        events.append("decision-expired", json().put("decision", p.id()).put("kind", kind));
      }
      return verdict;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------------------------------------- tracking

  private void track(Channel ch) {
    Tracked t = channels.computeIfAbsent(ch.id(), id -> new Tracked(ch));
    try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
      Phase phase = ch.phase();
      boolean settlingAlready = phase == Phase.REGISTERING || phase == Phase.REGISTERED || phase == Phase.PROGRESSED || phase == Phase.WITHDRAWING;
      if (settlingAlready) {
        // the client resumes this settlement itself
        t.settling.set(true);
        t.settlement = "settling";
      }
      ch.subscribe(s -> onState(t, s));
      ch.watch(e -> onChainEvent(t, e));
      ObjectNode open = channelJson(ch);
      State s = ch.state();
      open.put("version", s.version()).put("balance", s.balances().get(0, ch.ownIndex()).toString())
          .put("peerBalance", s.balances().get(0, 1 - ch.ownIndex()).toString());
      if (restoring) {
        events.append("channel-restored", open.put("phase", phase.name().toLowerCase(Locale.ROOT)));
      } else {
        events.append("channel-open", open);
      }
      if (phase == Phase.FINAL && t.settling.compareAndSet(false, true)) {
        settleInBackground(t, true, "restored with a final state");
      }
    }
  }

  private void onState(Tracked t, State s) {
    Channel ch = t.channel;
    try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
      State prev = t.last;
      t.last = s;
      int own = ch.ownIndex();
      BigInteger delta = s.balances().get(0, own).subtract(prev.balances().get(0, own));
      ObjectNode e = channelJson(ch).put("version", s.version()).put("balance", s.balances().get(0, own).toString())
          .put("peerBalance", s.balances().get(0, 1 - own).toString());
      if (delta.signum() > 0) {
        events.append("payment-received", e.deepCopy().put("amount", delta.toString()));
      } else if (delta.signum() < 0) {
        events.append("payment-sent", e.deepCopy().put("amount", delta.negate().toString()));
      }
      if (s.isFinal() && !prev.isFinal()) {
        events.append("channel-final", e);
        if (t.settling.compareAndSet(false, true)) {
          settleInBackground(t, true, "the peer closed the channel");
        }
      }
    }
  }

  private void onChainEvent(Tracked t, AdjudicatorEvent event) {
    Channel ch = t.channel;
    try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
      ObjectNode e = channelJson(ch).put("version", event.version()).put("timeoutAt", event.timeout().at());
      switch (event) {
        case AdjudicatorEvent.Registered r -> events.append("chain-registered", e);
        case AdjudicatorEvent.Progressed p -> events.append("chain-progressed", e);
        case AdjudicatorEvent.Concluded cc -> events.append("chain-concluded", e);
      }
      if (t.settling.compareAndSet(false, true)) {
        settleInBackground(t, true, "the channel is " + (event instanceof AdjudicatorEvent.Concluded ? "concluded" : "disputed") + " on chain");
      }
    }
  }

  private void settleInBackground(Tracked t, boolean secondary, String why) {
    Channel ch = t.channel;
    t.settlement = "settling";
    events.append("settle-started", channelJson(ch).put("secondary", secondary).put("why", why));
    executor.execute(() -> {
      try (MDC.MDCCloseable c = MDC.putCloseable(MDC_CHANNEL, ch.id().shortHex())) {
        Duration timeout = Duration.ofSeconds(Math.max(3600, ch.params().challengeDuration() * 10));
        ch.settle(timeout, secondary, step -> {
          ObjectNode e = channelJson(ch).put("version", step.version());
          switch (step) {
            case SettlementProgress.Registered r -> events.append("settle-registered", e.put("timeoutAt", r.timeoutAt()));
            case SettlementProgress.Concluded cc -> events.append("settle-concluded", e);
            case SettlementProgress.Withdrawn w -> { }
          }
        });
        t.settlement = "settled";
        State s = ch.state();
        ObjectNode done = channelJson(ch).put("version", s.version()).put("withdrawn", s.balances().get(0, ch.ownIndex()).toString());
        try {
          done.put("onChainBalance", chain.balance(identity.address()).toString());
        } catch (PerunException e) {
          LOG.debug("cannot read the on-chain balance: {}", e.getMessage());
        }
        events.append("channel-settled", done);
      } catch (InterruptedException e) {
        t.settlement = "failed: interrupted";
        t.settling.set(false);
        events.append("settle-failed", channelJson(ch).put("error", "interrupted").put("reason", "the node stopped during settlement"));
      } catch (RuntimeException e) {
        LOG.warn("settling channel {} failed: {}", ch.id().shortHex(), e.toString());
        t.settlement = "failed: " + e.getMessage();
        t.settling.set(false);
        events.append("settle-failed", channelJson(ch).put("error", ErrorCode.of(e).code()).put("reason", String.valueOf(e.getMessage())));
      }
    });
  }

  private int countInPhase(Phase phase) {
    int n = 0;
    for (Tracked t : channels.values()) {
      if (t.channel.phase() == phase) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private ChannelView view(Tracked t) {
    Channel ch = t.channel;
    int own = ch.ownIndex();
    WireAddress peer = ch.peers().get(1 - own);
    State s = t.last;
    try {
      s = ch.state();
    } catch (IllegalStateException e) {
      LOG.debug("channel {} has no signed state yet", ch.id().shortHex());
    }
    return new ChannelView(ch.id(), contacts.byWireAddress(peer).map(Contact::name), peer, own, ch.phase(), s.version(),
        s.balances().get(0, own), s.balances().get(0, 1 - own), s.isFinal(), t.settlement, ch.params().challengeDuration());
  }

  private Tracked resolve(String ref) {
    String hex = (ref.startsWith("0x") || ref.startsWith("0X") ? ref.substring(2) : ref).toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{8,64}")) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "a channel is named by 8 to 64 hex digits of its ID, got \"" + ref + "\"");
    }
    List<Tracked> matches = channels.values().stream().filter(t -> t.channel.id().bytes().toHex().startsWith(hex)).toList();
    if (matches.isEmpty()) {
      throw new NodeException(ErrorCode.UNKNOWN_CHANNEL, "no channel has an ID starting with " + hex);
    }
    if (matches.size() > 1) {
      throw new NodeException(ErrorCode.AMBIGUOUS_CHANNEL, hex + " starts " + matches.size() + " channel IDs; give more digits");
    }
    return matches.get(0);
  }

  private static void requireAmount(BigInteger amount, String what, boolean zeroAllowed) {
    Objects.requireNonNull(amount, what);
    if (amount.signum() < 0 || (!zeroAllowed && amount.signum() == 0)) {
      throw new NodeException(ErrorCode.INVALID_AMOUNT, what + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", got " + amount);
    }
    if (amount.bitLength() > 256) {
      throw new NodeException(ErrorCode.INVALID_AMOUNT, what + " is too large (" + amount.bitLength() + " bits): " + amount);
    }
  }

  /** Refuses a channel that is settled ({@code channel-not-open}) or being settled ({@code channel-settling}). */
  private static void requireNotSettling(Tracked t) {
    Channel ch = t.channel;
    if (ch.phase() == Phase.WITHDRAWN || "settled".equals(t.settlement)) {
      throw new NodeException(ErrorCode.CHANNEL_NOT_OPEN, "channel " + ch.id().shortHex() + " is settled");
    }
    if (t.settling.get()) {
      throw new NodeException(ErrorCode.CHANNEL_SETTLING, "channel " + ch.id().shortHex() + " is being settled");
    }
  }

  private static void requireUpdatable(Tracked t) {
    Channel ch = t.channel;
    requireNotSettling(t);
    Phase phase = ch.phase();
    if (phase != Phase.ACTING && phase != Phase.SIGNING) {
      throw new NodeException(ErrorCode.CHANNEL_NOT_OPEN, "channel " + ch.id().shortHex() + " is in phase " + phase + " and takes no payments");
    }
  }

  private void requireRunning() {
    if (stopping) {
      throw new NodeException(ErrorCode.SHUTTING_DOWN, "the node is shutting down");
    }
  }

  /** Runs an operation that may wait for the peer, so that shutdown can let it finish or interrupt it. */
  private <T> T operation(Operation<T> op) throws InterruptedException {
    requireRunning();
    Thread self = Thread.currentThread();
    inFlight.add(self);
    try {
      return op.run();
    } finally {
      inFlight.remove(self);
    }
  }

  @FunctionalInterface
  private interface Operation<T> {
    T run() throws InterruptedException;
  }

  private static ObjectNode json() {
    return HttpJson.MAPPER.createObjectNode();
  }

  private ObjectNode channelJson(Channel ch) {
    ObjectNode o = json();
    o.put("channel", ch.id().bytes().toHex());
    WireAddress peer = ch.peers().get(1 - ch.ownIndex());
    o.put("peer", contacts.byWireAddress(peer).map(Contact::name).orElse(peer.bytes().toHex()));
    return o;
  }

  // ---------------------------------------------------------------------------------------------- shutdown

  /**
   * Stops the node: refuses new requests, rejects held decisions, gives updates in flight {@code shutdown-grace}
   * to finish and then interrupts them (the client rolls an interrupted update back), and closes the client,
   * the transport and the chain; unlocks the data directory last. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping = true;
    events.append("node-stopping", json().put("inFlight", inFlight.size()));
    decisions.rejectAll("the node is shutting down");
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    awaitInFlight(deadline);
    if (!inFlight.isEmpty()) {
      LOG.warn("{} operation(s) still running after the shutdown grace of {} s: interrupting them (updates in flight are rolled back)",
          inFlight.size(), config.shutdownGrace().toSeconds());
      inFlight.forEach(Thread::interrupt);
      awaitInFlight(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
    }
    for (Tracked t : channels.values()) {
      if ("settling".equals(t.settlement)) {
        LOG.warn("channel {} is still settling; it continues when the node restarts", t.channel.id().shortHex());
      }
    }
    client.close();
    executor.shutdownNow();
    store.close();
    transport.close();
    chain.close();
    events.append("node-stopped", json());
    events.close();
    lock.close();
    LOG.info("node stopped");
  }

  private void awaitInFlight(long deadline) {
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One channel of the node with what the node keeps beside the client's channel. */
  private static final class Tracked {
    final Channel channel;
    final AtomicBoolean settling = new AtomicBoolean();
    volatile State last;
    volatile String settlement = "";

    Tracked(Channel channel) {
      this.channel = channel;
      this.last = channel.state();
    }
  }

  /** Counts on-chain operations and reports funding as events. */
  private final class ObservedFunder implements Funder {
    private final Funder delegate;

    ObservedFunder(Funder delegate) {
      this.delegate = delegate;
    }

    @Override
    public void fund(FundingRequest request) throws InterruptedException {
      ObjectNode e = json().put("channel", request.channelId().bytes().toHex()).put("deposit", request.agreement().get(0, request.ownIndex()).toString());
      events.append("channel-funding", e);
      observe("fund", () -> {
        delegate.fund(request);
        return null;
      });
    }
  }

  /** Counts on-chain operations of the adjudicator. */
  private final class ObservedAdjudicator implements Adjudicator {
    private final Adjudicator delegate;

    ObservedAdjudicator(Adjudicator delegate) {
      this.delegate = delegate;
    }

    @Override
    public void register(AdjudicatorRequest request, List<SignedState> subChannels) throws InterruptedException {
      observe("register", () -> {
        delegate.register(request, subChannels);
        return null;
      });
    }

    @Override
    public void withdraw(AdjudicatorRequest request, Map<ChannelId, State> subStates) throws InterruptedException {
      observe("withdraw", () -> {
        delegate.withdraw(request, subStates);
        return null;
      });
    }

    @Override
    public void progress(ProgressRequest request) throws InterruptedException {
      observe("progress", () -> {
        delegate.progress(request);
        return null;
      });
    }

    @Override
    public AdjudicatorSubscription subscribe(ChannelId channelId) {
      return delegate.subscribe(channelId);
    }
  }

  /** Runs a funder or adjudicator call as {@code operation}: counted, and the transactions it sends are counted as its. */
  private <T> T observe(String operation, Operation<T> op) throws InterruptedException {
    String outer = OPERATION.get();
    OPERATION.set(operation);
    try {
      T result = op.run();
      metrics.onChain(operation, "ok");
      return result;
    } catch (RuntimeException | InterruptedException e) {
      metrics.onChain(operation, "error");
      throw e;
    } finally {
      if (outer == null) {
        OPERATION.remove();
      } else {
        OPERATION.set(outer);
      }
    }
  }

  private void onTransaction(ChainTransaction tx) {
    String operation = OPERATION.get();
    metrics.transaction(operation == null ? "other" : operation, tx);
    LOG.debug("{}: transaction {} mined, gas used {}, fee {} wei", operation, tx.hash(), tx.gasUsed(), tx.fee());
  }
}
