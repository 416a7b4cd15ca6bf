// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.core.client.RequestTimeoutException;
import network.perun.core.client.SettlementProgress;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.PerunException;
import network.perun.api.State;
import network.perun.api.spi.Transport;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateHandler;
import network.perun.node.demo.DemoChain.Party;
import network.perun.node.demo.DemoCommand.DemoReport;
import network.perun.node.demo.DemoCommand.DemoTransport;
import network.perun.node.demo.DemoCommand.Payment;
import network.perun.node.demo.DemoCommand.Scenario;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.memory.InMemoryTransport;
import network.perun.wire.tcp.Ed25519WireIdentity;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;
import java.net.InetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.Durability;
import java.net.InetSocketAddress;
import network.perun.api.WireAddress;

/**
 * The demo's story: Alice and Bob, their clients, transports and stores, and the scenarios they play on a
 * {@link DemoChain} (the embedded simulated chain or a local Anvil).
 */
final class DemoWorld implements AutoCloseable {
  static final BigInteger ON_CHAIN = BigInteger.valueOf(100);
  static final BigInteger DEPOSIT = BigInteger.TEN;
  static final long CHALLENGE_DURATION = 60;

  private final PrintWriter out;
  private final DemoChain chain;
  private final String unit;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Transport aliceTransport;
  private final Transport bobTransport;
  private final DemoTransport kind;
  private final Party aliceParty;
  private final Party bobParty;
  private final Client alice;
  private final Client bob;
  private final CompletableFuture<Channel> bobsChannel = new CompletableFuture<>();
  private final WireAddress aliceIdentity;
  private final Path storeDir;
  private final List<ChannelStore> stores = new ArrayList<>();
  private final WireAddress bobIdentity;

  DemoWorld(PrintWriter out, DemoTransport kind, DemoChain chain) throws InterruptedException {
    this.out = out;
    this.kind = kind;
    this.chain = chain;
    this.unit = chain.unit();
    try {
      this.storeDir = Files.createTempDirectory("perun-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's store directory", e);
    }
    PerunIoCodec codec = new PerunIoCodec(chain.signatureSize());
    aliceParty = chain.newParty("alice", ON_CHAIN);
    bobParty = chain.newParty("bob", ON_CHAIN);
    switch (kind) {
      case memory -> {
        InMemoryTransport bus = new InMemoryTransport(codec);
        aliceTransport = bus;
        bobTransport = bus;
        aliceIdentity = aliceParty.wireAddress();
        bobIdentity = bobParty.wireAddress();
      }
      case tcp -> {
        TcpTransport a = TcpTransport.builder(Ed25519WireIdentity.generate(new SecureRandom()), new Ed25519WireVerifier(), codec)
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
        TcpTransport b = TcpTransport.builder(Ed25519WireIdentity.generate(new SecureRandom()), new Ed25519WireVerifier(), codec)
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
        a.addPeer(b.address(), b.listenAddress());
        b.addPeer(a.address(), a.listenAddress());
        aliceTransport = a;
        bobTransport = b;
        aliceIdentity = a.address();
        bobIdentity = b.address();
      }
      default -> throw new IllegalArgumentException("unknown transport " + kind);
    }
    alice = client(aliceParty, aliceIdentity, aliceTransport, ProposalHandler.rejectAll("alice opens channels herself"));
    bob = client(bobParty, bobIdentity, bobTransport, (proposal, responder) -> {
      say("   Bob receives the proposal (%s %s from each side, challenge period %d s) and accepts", chain.toUnits(proposal.initBals().balances().get(0, 1)), unit,
          proposal.challengeDuration());
      try {
        bobsChannel.complete(responder.accept(bobParty.address(), DemoCommand.TIMEOUT));
      } catch (InterruptedException | PerunException e) {
        bobsChannel.completeExceptionally(e);
      }
    });
  }

  private Client client(Party party, WireAddress identity, Transport transport, ProposalHandler proposals) {
    ChannelStore store = LevelDbChannelStore.open(storeDir.resolve(party.name()), Durability.SYNC, chain.signatureSize());
    stores.add(store);
    return Client.builder()
        .identity(identity)
        .transport(transport)
        .funder(party.funder())
        .adjudicator(party.adjudicator())
        .wallet(party.wallet())
        .channelBackend(chain.channelBackend())
        .executor(executor)
        .random(new SecureRandom())
        .ticker(System::nanoTime)
        .proposalHandler(proposals)
        .store(store)
        .updateHandler(UpdateHandler.acceptAll())
        .build();
  }

  DemoReport run(Scenario scenario) throws Exception {
    intro(scenario);
    Channel a = open();
    Channel b = bobsChannel.get(DemoCommand.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Transaction opening = b.transaction();
    List<Payment> payments = pay(a, b);
    State last = a.state();
    BigInteger expectedAlice = units(last, 0);
    BigInteger expectedBob = units(last, 1);
    BigInteger aliceBefore = chain.balance(aliceParty);
    BigInteger bobBefore = chain.balance(bobParty);
    switch (scenario) {
      case PAYMENT -> settleCooperatively(a, b);
      case DISPUTE -> settleByDispute(a, b);
      case CHEAT -> refuteCheat(a, b, opening);
    }
    BigInteger aliceWithdrew = chain.balance(aliceParty).subtract(aliceBefore);
    BigInteger bobWithdrew = chain.balance(bobParty).subtract(bobBefore);
    DemoReport report = new DemoReport(scenario, DEPOSIT, DEPOSIT, payments, aliceWithdrew, bobWithdrew, expectedAlice, expectedBob);
    outro(report);
    return report;
  }

  private void intro(Scenario scenario) {
    say("perun demo (%s): %s", scenario.jsonName, switch (scenario) {
      case PAYMENT -> "a payment channel on " + chain.name();
      case DISPUTE -> "Bob goes silent; Alice settles alone by dispute";
      case CHEAT -> "Bob registers a stale state; Alice's watcher refutes it";
    });
    chain.describe().forEach(line -> say("   " + line));
    say("   alice      %s  %s", short32(aliceParty), chain.holding(aliceParty));
    say("   bob        %s  %s", short32(bobParty), chain.holding(bobParty));
    say(kind == DemoTransport.tcp
        ? "   transport  TCP on loopback, TLS 1.3, peers authenticated by their wire identity keys"
        : "   transport  in-memory; every message round-trips through the perunio wire codec");
    say("   channels   persisted in LevelDB (synced writes) under %s", storeDir);
    chain.printTransactions(this::say);
    say("");
  }

  private Channel open() throws InterruptedException {
    say("1. Alice proposes a channel to Bob: %s %s from each side", DEPOSIT, unit);
    Allocation alloc = Allocation.of(List.of(chain.asset()), Balances.ofSingleAsset(chain.toChain(DEPOSIT), chain.toChain(DEPOSIT)));
    long txBefore = chain.transactionCount();
    Channel a = alice.proposeChannel(ChannelProposal.ledger(bob.identity(), aliceParty.address(), alloc, CHALLENGE_DURATION), DemoCommand.TIMEOUT);
    say("   both signed version 0; both deposited on chain (%d transactions)", chain.transactionCount() - txBefore);
    chain.printTransactions(this::say);
    say("   channel %s is open: alice %s | bob %s %s", a.id().shortHex(), units(a.state(), 0), units(a.state(), 1), unit);
    say("   on chain now: alice %s, bob %s %s", chain.balance(aliceParty), chain.balance(bobParty), unit);
    say("");
    return a;
  }

  private List<Payment> pay(Channel a, Channel b) throws InterruptedException {
    say("2. Payments, off chain: signed state updates, no transactions, no fees");
    List<Payment> payments = new ArrayList<>();
    long txBefore = chain.transactionCount();
    for (int i = 0; i < 10; i++) {
      payments.add(transfer(a, "alice", "bob", 0, 1, BigInteger.ONE));
    }
    for (int i = 0; i < 3; i++) {
      payments.add(transfer(b, "bob", "alice", 1, 0, BigInteger.TWO));
    }
    say("   %d payments, %d on-chain transactions", payments.size(), chain.transactionCount() - txBefore);
    say("");
    return payments;
  }

  private Payment transfer(Channel ch, String from, String to, int fromIdx, int toIdx, BigInteger amount) throws InterruptedException {
    State s = ch.update(st -> st.withBalances(st.balances().transfer(0, fromIdx, toIdx, chain.toChain(amount))), DemoCommand.TIMEOUT);
    say("   v%-3d %-5s -> %-5s %s %s    alice %2s | bob %2s", s.version(), from, to, amount, unit, units(s, 0), units(s, 1));
    return new Payment(from, to, amount);
  }

  private void settleCooperatively(Channel a, Channel b) throws InterruptedException {
    say("3. Alice proposes the final state; Bob signs it");
    State fin = a.updateFinal(DemoCommand.TIMEOUT);
    say("   v%d is final: alice %s | bob %s %s", fin.version(), units(fin, 0), units(fin, 1), unit);
    say("");
    say("4. Settlement on chain");
    long aliceTx = chain.transactionCount(aliceParty);
    a.settle(DemoCommand.TIMEOUT, false);
    say("   Alice concludes the channel with the final state and withdraws (%d transactions)", chain.transactionCount(aliceParty) - aliceTx);
    chain.printTransactions(this::say);
    long bobTx = chain.transactionCount(bobParty);
    b.settle(DemoCommand.TIMEOUT, true);
    say("   Bob finds it concluded and only withdraws (%d transaction)", chain.transactionCount(bobParty) - bobTx);
    chain.printTransactions(this::say);
    say("");
  }

  private void settleByDispute(Channel a, Channel b) throws Exception {
    say("3. Bob goes silent: his client stops answering");
    bob.close();
    try {
      a.updateFinal(Duration.ofMillis(300));
      throw new IllegalStateException("a silent Bob signed the final state");
    } catch (RequestTimeoutException e) {
      say("   Alice proposes the final state: no answer from Bob within 300 ms");
    }
    say("");
    say("4. Alice settles alone, by dispute, on her latest fully signed state (v%d)", a.state().version());
    AtomicLong challengeEnds = new AtomicLong(-1);
    Future<Void> settling = executor.submit(() -> {
      a.settle(DemoCommand.TIMEOUT, false, step -> {
        switch (step) {
          case SettlementProgress.Registered r -> {
            say("   registered v%d on chain at t=%ds; the challenge period ends at t=%ds", r.version(), chain.now(), chain.relative(r.timeoutAt()));
            challengeEnds.set(r.timeoutAt());
          }
          case SettlementProgress.Concluded c -> say("   Alice concludes the channel with v%d", c.version());
          case SettlementProgress.Withdrawn w -> say("   Alice withdraws her share");
        }
      });
      return null;
    });
    countdown(settling, challengeEnds);
    chain.printTransactions(this::say);
    say("");
    say("5. Bob comes back online later and withdraws his share of the concluded channel");
    b.settle(DemoCommand.TIMEOUT, true);
    chain.printTransactions(this::say);
    say("");
  }

  private void refuteCheat(Channel a, Channel b, Transaction stale) throws Exception {
    CountDownLatch refuted = new CountDownLatch(1);
    a.watch(event -> {
      switch (event) {
        case AdjudicatorEvent.Registered r when r.version() < a.state().version() ->
            say("   Alice's watcher: stale v%d registered; refuting with v%d before t=%ds", r.version(), a.state().version(), chain.relative(r.timeout().at()));
        case AdjudicatorEvent.Registered r -> {
          say("   chain: v%d is now the registered state", r.version());
          refuted.countDown();
        }
        case AdjudicatorEvent.Concluded c -> say("   chain: concluded with v%d", c.version());
        default -> { }
      }
    });
    say("3. Bob cheats: he registers the stale v%d (alice %s | bob %s) on chain", stale.state().version(), units(stale.state(), 0),
        units(stale.state(), 1));
    AdjudicatorRequest byStale = new AdjudicatorRequest(b.id(), b.params(), bobParty.account(), stale, b.ownIndex(), false);
    bobParty.adjudicator().register(byStale, List.of());
    awaitRegistered(a.state().version());
    if (!refuted.await(DemoCommand.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("Alice's watcher did not report the refutation");
    }
    chain.printTransactions(this::say);
    say("");
    long before = chain.now();
    chain.advanceTime(CHALLENGE_DURATION);
    say("4. The challenge period passes (t=%ds -> t=%ds)", before, chain.now());
    try {
      bobParty.adjudicator().withdraw(byStale, Map.of());
      throw new IllegalStateException("Bob withdrew by a stale state");
    } catch (AdjudicatorException e) {
      say("   Bob tries to conclude with v%d: refused (%s)", stale.state().version(), e.getMessage());
    }
    say("");
    say("5. Both settle on the refuted, latest state v%d", a.state().version());
    a.settle(DemoCommand.TIMEOUT, false);
    b.settle(DemoCommand.TIMEOUT, true);
    chain.printTransactions(this::say);
    say("");
  }

  /** Drives the chain clock while a settlement waits on it, printing the countdown. */
  private void countdown(Future<Void> settling, AtomicLong challengeEnds) throws Exception {
    while (true) {
      try {
        settling.get(50, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        long end = challengeEnds.get() < 0 ? -1 : chain.relative(challengeEnds.get());
        long now = chain.now();
        if (end >= 0 && now < end) {
          chain.advanceTime(Math.min(CHALLENGE_DURATION / 6, end - now));
          now = chain.now();
          say("   t=%ds  %s", now, now < end ? (end - now) + " s of the challenge period left" : "the challenge period is over");
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    }
  }

  private void awaitRegistered(long version) throws InterruptedException {
    try (AdjudicatorSubscription sub = bobParty.adjudicator().subscribe(bobsChannel.join().id())) {
      while (true) {
        Optional<AdjudicatorEvent> e = sub.next(DemoCommand.TIMEOUT);
        if (e.isEmpty()) {
          throw new IllegalStateException("the refutation did not arrive within " + DemoCommand.TIMEOUT);
        }
        if (e.get().version() >= version) {
          return;
        }
      }
    }
  }

  private void outro(DemoReport r) {
    say("Result: alice withdrew %s %s, bob withdrew %s %s (deposited %s, withdrawn %s)", r.aliceWithdrew(), unit, r.bobWithdrew(), unit,
        r.aliceDeposit().add(r.bobDeposit()), r.aliceWithdrew().add(r.bobWithdrew()));
    say("        on chain: alice %s, bob %s %s", chain.balance(aliceParty), chain.balance(bobParty), unit);
    chain.summary(List.of(aliceParty, bobParty)).forEach(this::say);
    say(r.balancesAddUp() ? "OK: every unit is accounted for." : "MISMATCH: expected alice %s and bob %s".formatted(r.expectedAlice(), r.expectedBob()));
  }

  /** Participant {@code index}'s balance of the demo's asset in {@code state}, in the chain's units. */
  private BigInteger units(State state, int index) {
    return chain.toUnits(state.balances().get(0, index));
  }

  private static String short32(Party party) {
    return "0x" + party.address().bytes().toHex().substring(0, 12) + "...";
  }

  private void say(String format, Object... args) {
    out.println(args.length == 0 ? format : String.format(format, args));
    out.flush();
  }

  @Override
  public void close() {
    alice.close();
    bob.close();
    aliceTransport.close();
    bobTransport.close();
    executor.shutdownNow();
    stores.forEach(ChannelStore::close);
    deleteRecursively(storeDir);
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
