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
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.PerunException;
import network.perun.api.State;
import network.perun.api.spi.Transport;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimAsset;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimWallet;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimFunder;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateHandler;
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

/** The demo's simulated chain, Alice and Bob, and the scenarios they play. */
final class DemoWorld implements AutoCloseable {
  static final BigInteger ON_CHAIN = BigInteger.valueOf(100);
  static final BigInteger DEPOSIT = BigInteger.TEN;
  static final long CHALLENGE_DURATION = 60;
  static final String UNIT = "PRN";

  private final PrintWriter out;
  private final SimBackend backend = new SimBackend();
  private final SimClock clock = new SimClock(0);
  private final SimChain chain = new SimChain(backend.channelBackend(), clock);
  private final Asset asset = SimAsset.of(1);
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Transport aliceTransport;
  private final Transport bobTransport;
  private final DemoTransport kind;
  private final SimAccount aliceAccount;
  private final SimAccount bobAccount;
  private final SimWallet aliceWallet = SimWallet.fromSeed(0xA11CEL);
  private final SimWallet bobWallet = SimWallet.fromSeed(0xB0BL);
  private final Client alice;
  private final Client bob;
  private final CompletableFuture<Channel> bobsChannel = new CompletableFuture<>();
  private final WireAddress aliceIdentity;
  private final Path storeDir;
  private final List<ChannelStore> stores = new ArrayList<>();
  private final WireAddress bobIdentity;
  private SimAdjudicator bobAdjudicator;

  DemoWorld(PrintWriter out, DemoTransport kind) {
    this.out = out;
    this.kind = kind;
    try {
      this.storeDir = Files.createTempDirectory("perun-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's store directory", e);
    }
    PerunIoCodec codec = new PerunIoCodec(backend.walletBackend().signatureSize());
    aliceAccount = aliceWallet.newAccount();
    bobAccount = bobWallet.newAccount();
    switch (kind) {
      case memory -> {
        InMemoryTransport bus = new InMemoryTransport(codec);
        aliceTransport = bus;
        bobTransport = bus;
        aliceIdentity = aliceAccount.wireAddress();
        bobIdentity = bobAccount.wireAddress();
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
    chain.mint(aliceAccount.address(), asset, ON_CHAIN);
    chain.mint(bobAccount.address(), asset, ON_CHAIN);
    alice = client(aliceWallet, aliceAccount, aliceIdentity, aliceTransport, ProposalHandler.rejectAll("alice opens channels herself"));
    bob = client(bobWallet, bobAccount, bobIdentity, bobTransport, (proposal, responder) -> {
      say("   Bob receives the proposal (%s %s from each side, challenge period %d s) and accepts", proposal.initBals().balances().get(0, 1), UNIT,
          proposal.challengeDuration());
      try {
        bobsChannel.complete(responder.accept(bobAccount.address(), DemoCommand.TIMEOUT));
      } catch (InterruptedException | PerunException e) {
        bobsChannel.completeExceptionally(e);
      }
    });
  }

  private Client client(SimWallet wallet, SimAccount account, WireAddress identity, Transport transport, ProposalHandler proposals) {
    ChannelStore store = LevelDbChannelStore.open(storeDir.resolve(account == aliceAccount ? "alice" : "bob"), Durability.SYNC,
        backend.walletBackend().signatureSize());
    stores.add(store);
    SimAdjudicator adjudicator = new SimAdjudicator(chain);
    if (account == bobAccount) {
      bobAdjudicator = adjudicator;
    }
    return Client.builder()
        .identity(identity)
        .transport(transport)
        .funder(new SimFunder(chain))
        .adjudicator(adjudicator)
        .wallet(wallet)
        .channelBackend(backend.channelBackend())
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
    BigInteger expectedAlice = last.balances().get(0, 0);
    BigInteger expectedBob = last.balances().get(0, 1);
    BigInteger aliceBefore = chain.balanceOf(aliceAccount.address(), asset);
    BigInteger bobBefore = chain.balanceOf(bobAccount.address(), asset);
    switch (scenario) {
      case PAYMENT -> settleCooperatively(a, b);
      case DISPUTE -> settleByDispute(a, b);
      case CHEAT -> refuteCheat(a, b, opening);
    }
    BigInteger aliceWithdrew = chain.balanceOf(aliceAccount.address(), asset).subtract(aliceBefore);
    BigInteger bobWithdrew = chain.balanceOf(bobAccount.address(), asset).subtract(bobBefore);
    DemoReport report = new DemoReport(scenario, DEPOSIT, DEPOSIT, payments, aliceWithdrew, bobWithdrew, expectedAlice, expectedBob);
    outro(report);
    return report;
  }

  private void intro(Scenario scenario) {
    say("perun demo (%s): %s", scenario.jsonName, switch (scenario) {
      case PAYMENT -> "a payment channel on the embedded simulated chain";
      case DISPUTE -> "Bob goes silent; Alice settles alone by dispute";
      case CHEAT -> "Bob registers a stale state; Alice's watcher refutes it";
    });
    say("   chain      simulated, deterministic; asset %s; chain time t=%ds", UNIT, clock.now());
    say("   alice      %s  holds %s %s on chain", short32(aliceAccount), ON_CHAIN, UNIT);
    say("   bob        %s  holds %s %s on chain", short32(bobAccount), ON_CHAIN, UNIT);
    say(kind == DemoTransport.tcp
        ? "   transport  TCP on loopback, TLS 1.3, peers authenticated by their wire identity keys"
        : "   transport  in-memory; every message round-trips through the perunio wire codec");
    say("   channels   persisted in LevelDB (synced writes) under %s", storeDir);
    say("");
  }

  private Channel open() throws InterruptedException {
    say("1. Alice proposes a channel to Bob: %s %s from each side", DEPOSIT, UNIT);
    Allocation alloc = Allocation.of(List.of(asset), Balances.ofSingleAsset(DEPOSIT, DEPOSIT));
    long txBefore = chain.transactions().size();
    Channel a = alice.proposeChannel(ChannelProposal.ledger(bob.identity(), aliceAccount.address(), alloc, CHALLENGE_DURATION), DemoCommand.TIMEOUT);
    say("   both signed version 0; both deposited on chain (%d transactions)", chain.transactions().size() - txBefore);
    say("   channel %s is open: alice %s | bob %s %s", a.id().shortHex(), a.state().balances().get(0, 0), a.state().balances().get(0, 1), UNIT);
    say("   on chain now: alice %s, bob %s %s", chain.balanceOf(aliceAccount.address(), asset), chain.balanceOf(bobAccount.address(), asset), UNIT);
    say("");
    return a;
  }

  private List<Payment> pay(Channel a, Channel b) throws InterruptedException {
    say("2. Payments, off chain: signed state updates, no transactions, no fees");
    List<Payment> payments = new ArrayList<>();
    long txBefore = chain.transactions().size();
    for (int i = 0; i < 10; i++) {
      payments.add(transfer(a, "alice", "bob", 0, 1, BigInteger.ONE));
    }
    for (int i = 0; i < 3; i++) {
      payments.add(transfer(b, "bob", "alice", 1, 0, BigInteger.TWO));
    }
    say("   %d payments, %d on-chain transactions", payments.size(), chain.transactions().size() - txBefore);
    say("");
    return payments;
  }

  private Payment transfer(Channel ch, String from, String to, int fromIdx, int toIdx, BigInteger amount) throws InterruptedException {
    State s = ch.update(st -> st.withBalances(st.balances().transfer(0, fromIdx, toIdx, amount)), DemoCommand.TIMEOUT);
    say("   v%-3d %-5s -> %-5s %s %s    alice %2s | bob %2s", s.version(), from, to, amount, UNIT, s.balances().get(0, 0), s.balances().get(0, 1));
    return new Payment(from, to, amount);
  }

  private void settleCooperatively(Channel a, Channel b) throws InterruptedException {
    say("3. Alice proposes the final state; Bob signs it");
    State fin = a.updateFinal(DemoCommand.TIMEOUT);
    say("   v%d is final: alice %s | bob %s %s", fin.version(), fin.balances().get(0, 0), fin.balances().get(0, 1), UNIT);
    say("");
    say("4. Settlement on chain");
    long aliceTx = chain.transactionCount(aliceAccount.address());
    a.settle(DemoCommand.TIMEOUT, false);
    say("   Alice concludes the channel with the final state and withdraws (%d transactions)", chain.transactionCount(aliceAccount.address()) - aliceTx);
    long bobTx = chain.transactionCount(bobAccount.address());
    b.settle(DemoCommand.TIMEOUT, true);
    say("   Bob finds it concluded and only withdraws (%d transaction)", chain.transactionCount(bobAccount.address()) - bobTx);
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
            say("   registered v%d on chain at t=%ds; the challenge period ends at t=%ds", r.version(), clock.now(), r.timeoutAt());
            challengeEnds.set(r.timeoutAt());
          }
          case SettlementProgress.Concluded c -> say("   Alice concludes the channel with v%d", c.version());
          case SettlementProgress.Withdrawn w -> say("   Alice withdraws her share");
        }
      });
      return null;
    });
    countdown(settling, challengeEnds);
    say("");
    say("5. Bob comes back online later and withdraws his share of the concluded channel");
    b.settle(DemoCommand.TIMEOUT, true);
    say("");
  }

  private void refuteCheat(Channel a, Channel b, Transaction stale) throws Exception {
    CountDownLatch refuted = new CountDownLatch(1);
    a.watch(event -> {
      switch (event) {
        case AdjudicatorEvent.Registered r when r.version() < a.state().version() ->
            say("   Alice's watcher: stale v%d registered; refuting with v%d before t=%ds", r.version(), a.state().version(), r.timeout().at());
        case AdjudicatorEvent.Registered r -> {
          say("   chain: v%d is now the registered state", r.version());
          refuted.countDown();
        }
        case AdjudicatorEvent.Concluded c -> say("   chain: concluded with v%d", c.version());
        default -> { }
      }
    });
    say("3. Bob cheats: he registers the stale v%d (alice %s | bob %s) on chain", stale.state().version(), stale.state().balances().get(0, 0),
        stale.state().balances().get(0, 1));
    AdjudicatorRequest byStale = new AdjudicatorRequest(b.id(), b.params(), bobAccount, stale, b.ownIndex(), false);
    bobAdjudicator.register(byStale, List.of());
    awaitRegistered(a.state().version());
    if (!refuted.await(DemoCommand.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("Alice's watcher did not report the refutation");
    }
    say("");
    say("4. The challenge period passes (t=%ds -> t=%ds)", clock.now(), clock.now() + CHALLENGE_DURATION);
    clock.advance(CHALLENGE_DURATION);
    try {
      bobAdjudicator.withdraw(byStale, Map.of());
      throw new IllegalStateException("Bob withdrew by a stale state");
    } catch (AdjudicatorException e) {
      say("   Bob tries to conclude with v%d: refused (%s)", stale.state().version(), e.getMessage());
    }
    say("");
    say("5. Both settle on the refuted, latest state v%d", a.state().version());
    a.settle(DemoCommand.TIMEOUT, false);
    b.settle(DemoCommand.TIMEOUT, true);
    say("");
  }

  /** Drives the simulated chain clock while a settlement waits on it, printing the countdown. */
  private void countdown(Future<Void> settling, AtomicLong challengeEnds) throws Exception {
    while (true) {
      try {
        settling.get(50, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        long end = challengeEnds.get();
        if (end >= 0 && clock.now() < end) {
          clock.advance(Math.min(CHALLENGE_DURATION / 6, end - clock.now()));
          say("   t=%ds  %s", clock.now(), clock.now() < end ? (end - clock.now()) + " s of the challenge period left" : "the challenge period is over");
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    }
  }

  private void awaitRegistered(long version) throws InterruptedException {
    try (AdjudicatorSubscription sub = bobAdjudicator.subscribe(bobsChannel.join().id())) {
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
    say("Result: alice withdrew %s %s, bob withdrew %s %s (deposited %s, withdrawn %s)", r.aliceWithdrew(), UNIT, r.bobWithdrew(), UNIT,
        r.aliceDeposit().add(r.bobDeposit()), r.aliceWithdrew().add(r.bobWithdrew()));
    say("        on chain: alice %s, bob %s %s", chain.balanceOf(aliceAccount.address(), asset), chain.balanceOf(bobAccount.address(), asset), UNIT);
    say(r.balancesAddUp() ? "OK: every unit is accounted for." : "MISMATCH: expected alice %s and bob %s".formatted(r.expectedAlice(), r.expectedBob()));
  }

  private static String short32(SimAccount account) {
    return "0x" + account.address().bytes().toHex().substring(0, 12) + "...";
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
