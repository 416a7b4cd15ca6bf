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
  private final Transport transport;
  private final SimAccount aliceAccount;
  private final SimAccount bobAccount;
  private final SimWallet aliceWallet = SimWallet.fromSeed(0xA11CEL);
  private final SimWallet bobWallet = SimWallet.fromSeed(0xB0BL);
  private final Client alice;
  private final Client bob;
  private final CompletableFuture<Channel> bobsChannel = new CompletableFuture<>();

  DemoWorld(PrintWriter out, DemoTransport kind) {
    this.out = out;
    this.transport = switch (kind) {
      case memory -> new InMemoryTransport(new PerunIoCodec(backend.walletBackend().signatureSize()));
    };
    aliceAccount = aliceWallet.newAccount();
    bobAccount = bobWallet.newAccount();
    chain.mint(aliceAccount.address(), asset, ON_CHAIN);
    chain.mint(bobAccount.address(), asset, ON_CHAIN);
    alice = client(aliceWallet, aliceAccount, ProposalHandler.rejectAll("alice opens channels herself"));
    bob = client(bobWallet, bobAccount, (proposal, responder) -> {
      say("   Bob receives the proposal (%s %s from each side, challenge period %d s) and accepts", proposal.initBals().balances().get(0, 1), UNIT,
          proposal.challengeDuration());
      try {
        bobsChannel.complete(responder.accept(bobAccount.address(), DemoCommand.TIMEOUT));
      } catch (InterruptedException | PerunException e) {
        bobsChannel.completeExceptionally(e);
      }
    });
  }

  private Client client(SimWallet wallet, SimAccount account, ProposalHandler proposals) {
    return Client.builder()
        .identity(account.wireAddress())
        .transport(transport)
        .funder(new SimFunder(chain))
        .adjudicator(new SimAdjudicator(chain))
        .wallet(wallet)
        .channelBackend(backend.channelBackend())
        .executor(executor)
        .random(new SecureRandom())
        .ticker(System::nanoTime)
        .proposalHandler(proposals)
        .updateHandler(UpdateHandler.acceptAll())
        .build();
  }

  DemoReport run(Scenario scenario) throws Exception {
    intro(scenario);
    Channel a = open();
    Channel b = bobsChannel.get(DemoCommand.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    List<Payment> payments = pay(a, b);
    State last = a.state();
    BigInteger expectedAlice = last.balances().get(0, 0);
    BigInteger expectedBob = last.balances().get(0, 1);
    BigInteger aliceBefore = chain.balanceOf(aliceAccount.address(), asset);
    BigInteger bobBefore = chain.balanceOf(bobAccount.address(), asset);
    settleCooperatively(a, b);
    BigInteger aliceWithdrew = chain.balanceOf(aliceAccount.address(), asset).subtract(aliceBefore);
    BigInteger bobWithdrew = chain.balanceOf(bobAccount.address(), asset).subtract(bobBefore);
    DemoReport report = new DemoReport(scenario, DEPOSIT, DEPOSIT, payments, aliceWithdrew, bobWithdrew, expectedAlice, expectedBob);
    outro(report);
    return report;
  }

  private void intro(Scenario scenario) {
    say("perun demo (%s): a payment channel on the embedded simulated chain", scenario.jsonName);
    say("   chain      simulated, deterministic; asset %s; chain time t=%ds", UNIT, clock.now());
    say("   alice      %s  holds %s %s on chain", short32(aliceAccount), ON_CHAIN, UNIT);
    say("   bob        %s  holds %s %s on chain", short32(bobAccount), ON_CHAIN, UNIT);
    say("   transport  in-memory; every message round-trips through the perunio wire codec");
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
    transport.close();
    executor.shutdownNow();
  }
}
