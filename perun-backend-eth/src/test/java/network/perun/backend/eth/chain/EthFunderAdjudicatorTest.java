// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import static network.perun.backend.eth.chain.EthChainFixture.ETHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.FundingRequest;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthChannelBackend;
import network.perun.backend.eth.PerunAbi;
import network.perun.backend.eth.rpc.TransactionRevertedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EthFunder and EthAdjudicator against our contracts on Anvil: funding, settling, disputes, withdrawals. */
class EthFunderAdjudicatorTest {
  private static EthChainFixture fx;
  private static final EthChannelBackend CHANNELS = new EthChannelBackend();
  private static long nonce = 1;

  private EthAccount alice;
  private EthAccount bob;

  @BeforeAll
  static void startChain() throws InterruptedException {
    fx = new EthChainFixture(1);
  }

  @AfterAll
  static void stopChain() {
    if (fx != null) {
      fx.close();
    }
  }

  /** A fresh two-party channel of alice (dev 1) and bob (dev 2) over {@code assets}. */
  private Channel channel(List<Asset> assets, Balances balances) {
    alice = fx.dev.get(1);
    bob = fx.dev.get(2);
    Params params = Params.ledger(60, List.of(alice.address(), bob.address()), Optional.empty(), BigInteger.valueOf(nonce++));
    ChannelId id = CHANNELS.channelId(params);
    return new Channel(params, new State(id, 0, Allocation.of(assets, balances), Optional.empty(), Bytes.EMPTY, false));
  }

  private record Channel(Params params, State initial) {
    ChannelId id() {
      return initial.channelId();
    }
  }

  private static Transaction signed(State state, EthAccount... signers) {
    Transaction tx = Transaction.unsigned(state);
    for (int i = 0; i < signers.length; i++) {
      tx = tx.withSignature(i, CHANNELS.sign(signers[i], state));
    }
    return tx;
  }

  private void fundBoth(Channel ch) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<?> a = pool.submit(() -> {
        fx.chain.funder(alice).fund(new FundingRequest(ch.id(), ch.params(), ch.initial(), 0, ch.initial().balances()));
        return null;
      });
      Future<?> b = pool.submit(() -> {
        fx.chain.funder(bob).fund(new FundingRequest(ch.id(), ch.params(), ch.initial(), 1, ch.initial().balances()));
        return null;
      });
      a.get();
      b.get();
    }
  }

  private long nonceOf(EthAccount account) {
    return fx.rpc.pendingNonce(account.address()).longValueExact();
  }

  @Test
  void ethFundingIsIdempotentAndConcludeFinalPaysBothOut() throws Exception {
    Channel ch = channel(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(ETHER, ETHER.shiftLeft(1)));
    fundBoth(ch);
    Address holder = fx.contracts.ethHolder();
    assertEquals(ETHER, fx.chain.holdings(holder, PerunAbi.fundingId(ch.id(), alice.address())));
    assertEquals(ETHER.shiftLeft(1), fx.chain.holdings(holder, PerunAbi.fundingId(ch.id(), bob.address())));

    long before = nonceOf(alice);
    fx.chain.funder(alice).fund(new FundingRequest(ch.id(), ch.params(), ch.initial(), 0, ch.initial().balances()));
    assertEquals(before, nonceOf(alice), "a second fund() sends nothing");

    State fin = ch.initial().withVersion(1).withBalances(Balances.ofSingleAsset(ETHER.shiftLeft(1), ETHER)).withFinal(true);
    Transaction tx = signed(fin, alice, bob);
    Address toAlice = EthChainFixture.receiver(1);
    Address toBob = EthChainFixture.receiver(2);
    fx.chain.adjudicator(alice, toAlice).withdraw(new AdjudicatorRequest(ch.id(), ch.params(), alice, tx, 0, false), Map.of());
    fx.chain.adjudicator(bob, toBob).withdraw(new AdjudicatorRequest(ch.id(), ch.params(), bob, tx, 1, true), Map.of());
    assertEquals(ETHER.shiftLeft(1), fx.rpc.balance(toAlice));
    assertEquals(ETHER, fx.rpc.balance(toBob));

    long aliceNonce = nonceOf(alice);
    long bobNonce = nonceOf(bob);
    fx.chain.adjudicator(alice, toAlice).withdraw(new AdjudicatorRequest(ch.id(), ch.params(), alice, tx, 0, false), Map.of());
    assertEquals(aliceNonce, nonceOf(alice), "withdrawing twice sends nothing");
    assertEquals(bobNonce, nonceOf(bob), "the secondary sent no second conclusion");
  }

  @Test
  void erc20FundingApprovesThenDeposits() throws Exception {
    Channel ch = channel(List.of(fx.erc20().toAsset()), Balances.ofSingleAsset(BigInteger.valueOf(300), BigInteger.valueOf(500)));
    BigInteger aliceTokens = fx.chain.tokenBalance(fx.token, alice.address());
    fundBoth(ch);
    assertEquals(BigInteger.valueOf(300), fx.chain.holdings(fx.erc20Holder, PerunAbi.fundingId(ch.id(), alice.address())));
    assertEquals(BigInteger.valueOf(500), fx.chain.holdings(fx.erc20Holder, PerunAbi.fundingId(ch.id(), bob.address())));
    assertEquals(aliceTokens.subtract(BigInteger.valueOf(300)), fx.chain.tokenBalance(fx.token, alice.address()));

    State fin = ch.initial().withVersion(1).withFinal(true);
    Transaction tx = signed(fin, alice, bob);
    fx.chain.adjudicator(alice, alice.address()).withdraw(new AdjudicatorRequest(ch.id(), ch.params(), alice, tx, 0, false), Map.of());
    assertEquals(aliceTokens, fx.chain.tokenBalance(fx.token, alice.address()), "alice got her tokens back");
  }

  @Test
  void fundingTimesOutInChainTimeNamingTheMissingParticipant() throws Exception {
    Channel ch = channel(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(ETHER, ETHER));
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      Future<?> funding = pool.submit(() -> {
        fx.chain.funder(alice).fund(new FundingRequest(ch.id(), ch.params(), ch.initial(), 0, ch.initial().balances()));
        return null;
      });
      while (fx.chain.holdings(fx.contracts.ethHolder(), PerunAbi.fundingId(ch.id(), alice.address())).signum() == 0) {
        Thread.onSpinWait();
      }
      fx.anvil.advanceTime(fx.settings.fundingTimeout() + 1);
      Exception e = assertThrows(Exception.class, funding::get);
      FundingTimeoutException timeout = assertInstanceOf(FundingTimeoutException.class, e.getCause());
      assertEquals(Map.of(0, List.of(1)), timeout.missingByAsset());
    }
  }

  @Test
  void disputeRefutationAndConcludeAfterTheTimeout() throws Exception {
    Channel ch = channel(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(ETHER, ETHER));
    fundBoth(ch);
    Transaction v1 = signed(ch.initial().withVersion(1).withBalances(Balances.ofSingleAsset(ETHER.shiftLeft(1), BigInteger.ZERO)), alice, bob);
    Transaction v2 = signed(ch.initial().withVersion(2).withBalances(Balances.ofSingleAsset(BigInteger.ZERO, ETHER.shiftLeft(1))), alice, bob);
    EthAdjudicator aliceAdj = fx.chain.adjudicator(alice, EthChainFixture.receiver(3));
    EthAdjudicator bobAdj = fx.chain.adjudicator(bob, EthChainFixture.receiver(4));
    AdjudicatorRequest aliceV1 = new AdjudicatorRequest(ch.id(), ch.params(), alice, v1, 0, false);
    aliceAdj.register(aliceV1, List.of());
    long nonce = nonceOf(alice);
    aliceAdj.register(aliceV1, List.of());
    assertEquals(nonce, nonceOf(alice), "registering the registered state again sends nothing");

    try (AdjudicatorSubscription sub = bobAdj.subscribe(ch.id())) {
      AdjudicatorEvent first = sub.next(Duration.ZERO).orElseThrow();
      AdjudicatorEvent.Registered reg = assertInstanceOf(AdjudicatorEvent.Registered.class, first);
      assertEquals(v1.state(), reg.state(), "the registered state, decoded from calldata");
      assertEquals(v1.fullSignatures(), reg.signatures());
      assertTrue(!reg.timeout().isElapsed());

      AdjudicatorRequest bobV2 = new AdjudicatorRequest(ch.id(), ch.params(), bob, v2, 1, false);
      bobAdj.register(bobV2, List.of());
      AdjudicatorEvent.Registered refuted = assertInstanceOf(AdjudicatorEvent.Registered.class, sub.next(Duration.ofSeconds(10)).orElseThrow());
      assertEquals(2, refuted.version());
      assertEquals(reg.timeout().at(), refuted.timeout().at(), "a refutation keeps the timeout");

      fx.anvil.advanceTime(61);
      bobAdj.withdraw(bobV2, Map.of());
      assertInstanceOf(AdjudicatorEvent.Concluded.class, sub.next(Duration.ofSeconds(10)).orElseThrow());
      assertEquals(ETHER.shiftLeft(1), fx.rpc.balance(EthChainFixture.receiver(4)));
      PerunException wrongVersion = assertThrows(PerunException.class, () -> aliceAdj.withdraw(aliceV1, Map.of()));
      assertTrue(wrongVersion.getMessage().contains("version"), wrongVersion.getMessage());
    }
  }

  @Test
  void anAppChannelIsProgressedOnChainAndConcludedWithTheProgressedState() throws Exception {
    Address app = new PerunDeployment(fx.rpc, fx.dev.get(0), fx.settings).deployTrivialApp();
    alice = fx.dev.get(1);
    bob = fx.dev.get(2);
    Params params = Params.ledger(60, List.of(alice.address(), bob.address()), Optional.of(new network.perun.api.AppId(app.bytes())),
        BigInteger.valueOf(nonce++));
    ChannelId id = CHANNELS.channelId(params);
    State initial = new State(id, 0, Allocation.of(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(ETHER, ETHER)), params.app(), Bytes.EMPTY, false);
    Channel ch = new Channel(params, initial);
    fundBoth(ch);
    Transaction v1 = signed(initial.withVersion(1).withData(Bytes.fromHex("01")), alice, bob);
    AdjudicatorRequest req = new AdjudicatorRequest(id, params, alice, v1, 0, false);
    EthAdjudicator adj = fx.chain.adjudicator(alice, EthChainFixture.receiver(5));
    adj.register(req, List.of());
    fx.anvil.advanceTime(61);
    State v2 = v1.state().withVersion(2).withBalances(Balances.ofSingleAsset(ETHER.shiftLeft(1), BigInteger.ZERO)).withData(Bytes.fromHex("02"));
    adj.progress(new network.perun.api.spi.ProgressRequest(req, v2, 0, CHANNELS.sign(alice, v2)));
    try (AdjudicatorSubscription sub = adj.subscribe(id)) {
      AdjudicatorEvent.Progressed progressed = assertInstanceOf(AdjudicatorEvent.Progressed.class, sub.next(Duration.ZERO).orElseThrow());
      assertEquals(v2, progressed.state(), "the progressed state, decoded from calldata");
      assertEquals(0, progressed.actorIndex());
      assertEquals(Dispute.Phase.FORCEEXEC, fx.chain.dispute(id).orElseThrow().phase());
    }
    fx.anvil.advanceTime(61);
    adj.withdraw(new AdjudicatorRequest(id, params, alice, Transaction.unsigned(v2), 0, false), Map.of());
    assertEquals(ETHER.shiftLeft(1), fx.rpc.balance(EthChainFixture.receiver(5)));
  }

  @Test
  void aZeroShareSendsNothingAndStillWaitsForTheOthers() throws Exception {
    Channel ch = channel(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(BigInteger.ZERO, ETHER));
    long aliceNonce = nonceOf(alice);
    fundBoth(ch);
    assertEquals(aliceNonce, nonceOf(alice), "alice's zero share sent no transaction");
    assertEquals(ETHER, fx.chain.holdings(fx.contracts.ethHolder(), PerunAbi.fundingId(ch.id(), bob.address())));
  }

  @Test
  void aLedgerChannelWithASubChannelIsRegisteredAndConcludedTogether() throws Exception {
    alice = fx.dev.get(1);
    bob = fx.dev.get(2);
    Asset eth = fx.eth().toAsset();
    Params childParams = new Params(60, List.of(alice.address(), bob.address()), Optional.empty(), BigInteger.valueOf(nonce++), false, false,
        Params.ZERO_AUX);
    ChannelId childId = CHANNELS.channelId(childParams);
    State child = new State(childId, 4, Allocation.of(List.of(eth), Balances.ofSingleAsset(BigInteger.valueOf(300), BigInteger.valueOf(700))),
        Optional.empty(), Bytes.EMPTY, false);
    Params params = Params.ledger(60, List.of(alice.address(), bob.address()), Optional.empty(), BigInteger.valueOf(nonce++));
    ChannelId id = CHANNELS.channelId(params);
    State initial = new State(id, 0, Allocation.of(List.of(eth), Balances.ofSingleAsset(BigInteger.valueOf(1000), BigInteger.valueOf(1000))),
        Optional.empty(), Bytes.EMPTY, false);
    Channel ch = new Channel(params, initial);
    fundBoth(ch);
    State parent = initial.withVersion(3).withAllocation(new Allocation(List.of(eth),
        Balances.ofSingleAsset(BigInteger.valueOf(500), BigInteger.valueOf(500)),
        List.of(new network.perun.api.SubAlloc(childId, List.of(BigInteger.valueOf(1000)), List.of()))));
    Transaction parentTx = signed(parent, alice, bob);
    Transaction childTx = signed(child, alice, bob);
    AdjudicatorRequest req = new AdjudicatorRequest(id, params, alice, parentTx, 0, false);
    EthAdjudicator adj = fx.chain.adjudicator(alice, EthChainFixture.receiver(6));
    adj.register(req, List.of(new network.perun.api.SignedState(childParams, child, childTx.fullSignatures())));
    assertEquals(4, fx.chain.dispute(childId).orElseThrow().version(), "the sub-channel is registered too");
    fx.anvil.advanceTime(61);
    adj.withdraw(req, Map.of(childId, child));
    assertTrue(fx.chain.dispute(childId).orElseThrow().isConcluded(), "the sub-channel is concluded with its parent");
    assertEquals(BigInteger.valueOf(800), fx.rpc.balance(EthChainFixture.receiver(6)), "alice's 500 plus her 300 in the sub-channel");
  }

  @Test
  void aTransactionThatWouldRevertIsNotSentAndItsReasonIsReported() throws Exception {
    Channel ch = channel(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(ETHER, ETHER));
    State v1 = ch.initial().withVersion(1);
    Signature aliceSig = CHANNELS.sign(alice, v1);
    Transaction badlySigned = Transaction.unsigned(v1).withSignature(0, aliceSig).withSignature(1, aliceSig);
    long nonce = nonceOf(alice);
    TransactionRevertedException e = assertThrows(TransactionRevertedException.class,
        () -> fx.chain.adjudicator(alice, alice.address()).register(new AdjudicatorRequest(ch.id(), ch.params(), alice, badlySigned, 0, false), List.of()));
    assertEquals("invalid signature", e.reason());
    assertEquals(nonce, nonceOf(alice), "nothing was sent");
  }

  @Test
  void theCodeAtEveryContractAddressIsValidated() {
    PerunException notAdjudicator = assertThrows(PerunException.class, () -> new EthChain(fx.rpc, fx.contracts.ethHolder(), fx.settings));
    assertTrue(notAdjudicator.getMessage().contains("not a known Perun Adjudicator"), notAdjudicator.getMessage());
    PerunException noCode = assertThrows(PerunException.class, () -> fx.chain.token(EthChainFixture.receiver(9)));
    assertTrue(noCode.getMessage().contains("no contract"), noCode.getMessage());
    assertEquals(Optional.of(fx.token), fx.chain.token(fx.erc20Holder));
    assertEquals(Optional.empty(), fx.chain.token(fx.contracts.ethHolder()));
  }
}
