// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.AppRegistry;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.PaymentApp;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.message.BaseProposal;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.LedgerChannelProposal;
import network.perun.api.message.NonceShare;
import network.perun.api.message.ProposalId;
import network.perun.api.spi.Account;
import network.perun.api.spi.Funder;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelFundingException;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.PeerRejectedException;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateConflictException;
import network.perun.core.client.UpdateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client lifecycle scenarios every backend must pass (go-perun's Alice/Bob, rejection, Frida/Fred fund
 * recovery, concurrent updates, and every kind of invalid update).
 *
 * <p>A backend runs them with a few lines:
 *
 * <pre>{@code
 * class SimPaymentChannelTest extends PaymentChannelConformanceTest {
 *   protected ChainSetup newSetup(long seed) { return new SimChainSetup(seed); }
 * }
 * }</pre>
 */
public abstract class PaymentChannelConformanceTest extends ClientConformanceBase {
  // ---- scenarios ----

  @Test
  public void happyPathPaysBothWaysAndSettlesCooperatively() throws Exception {
    Party alice = setup.newParty("alice", FUNDS);
    Party bob = setup.newParty("bob", FUNDS);
    CompletableFuture<Channel> bobChannel = new CompletableFuture<>();
    Client aliceClient = harness.client(alice, ProposalHandler.rejectAll("alice takes no proposals"), UpdateHandler.acceptAll());
    harness.client(bob, acceptInto(bob, bobChannel), UpdateHandler.acceptAll());

    Pair p = open(aliceClient, alice, bob, bobChannel);
    assertEquals(Phase.ACTING, p.proposer().phase(), seedInfo());
    assertEquals(Phase.ACTING, p.responder().phase(), seedInfo());
    assertEquals(p.proposer().id(), p.responder().id(), seedInfo());
    assertEquals(0, p.proposer().state().version(), seedInfo());
    assertEquals(FUNDS.subtract(DEPOSIT), setup.onChainBalance(alice), "alice deposited" + seedInfo());
    assertEquals(FUNDS.subtract(DEPOSIT), setup.onChainBalance(bob), "bob deposited" + seedInfo());

    for (int i = 0; i < 5; i++) {
      p.proposer().update(pay(0, 1, 1), TIMEOUT);
      assertSameState(p, "after alice's payment " + i);
    }
    for (int i = 0; i < 2; i++) {
      p.responder().update(pay(1, 0, 2), TIMEOUT);
      assertSameState(p, "after bob's payment " + i);
    }
    State last = p.proposer().updateFinal(TIMEOUT);
    assertTrue(last.isFinal(), seedInfo());
    assertEquals(8, last.version(), seedInfo());
    assertEquals(Phase.FINAL, p.proposer().phase(), seedInfo());
    assertEquals(Phase.FINAL, p.responder().phase(), seedInfo());
    assertEquals(BigInteger.valueOf(9), last.balances().get(0, 0), seedInfo());
    assertEquals(BigInteger.valueOf(11), last.balances().get(0, 1), seedInfo());

    boolean aliceFirst = new SplittableRandom(seed).nextBoolean();
    Channel first = aliceFirst ? p.proposer() : p.responder();
    Channel second = aliceFirst ? p.responder() : p.proposer();
    Party secondParty = aliceFirst ? bob : alice;
    first.settle(TIMEOUT, false);
    long before = setup.transactionCount(secondParty);
    second.settle(TIMEOUT, true);
    assertEquals(before + 1, setup.transactionCount(secondParty), "the secondary party sends only its withdrawal, no duplicate conclusion" + seedInfo());

    assertEquals(Phase.WITHDRAWN, p.proposer().phase(), seedInfo());
    assertEquals(Phase.WITHDRAWN, p.responder().phase(), seedInfo());
    assertEquals(BigInteger.valueOf(99), setup.onChainBalance(alice), "alice ends with 90 + 9" + seedInfo());
    assertEquals(BigInteger.valueOf(101), setup.onChainBalance(bob), "bob ends with 90 + 11" + seedInfo());
  }

  @Test
  public void rejectedProposalFailsFastWithThePeersReason() throws Exception {
    Party alice = setup.newParty("alice", FUNDS);
    Party bob = setup.newParty("bob", FUNDS);
    Client aliceClient = harness.client(alice, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    harness.client(bob, ProposalHandler.rejectAll("bob is not interested"), UpdateHandler.acceptAll());
    PeerRejectedException e = assertThrows(PeerRejectedException.class,
        () -> aliceClient.proposeChannel(ChannelProposal.ledger(bob.identity(), alice.address(), allocation(DEPOSIT, DEPOSIT), 60), TIMEOUT));
    assertEquals("bob is not interested", e.reason(), seedInfo());
    assertEquals(FUNDS, setup.onChainBalance(alice), "nothing was deposited" + seedInfo());
    assertTrue(aliceClient.channels().isEmpty(), seedInfo());
  }

  @Test
  public void invalidProposalIsAnsweredWithTheReason() throws Exception {
    Party mallory = setup.newParty("mallory", FUNDS);
    Party bob = setup.newParty("bob", FUNDS);
    Party carol = setup.newParty("carol", FUNDS);
    harness.client(bob, (proposal, responder) -> fail("an invalid proposal must not reach the handler" + seedInfo()), UpdateHandler.acceptAll());
    TappedTransport tap = new TappedTransport(setup.transport());
    try (AutoCloseable sub = tap.subscribe(mallory.identity(), env -> {})) {
      ProposalId pid = new ProposalId(Bytes.wrap(new byte[32]));
      BaseProposal base = new BaseProposal(pid, 60, new NonceShare(Bytes.zeros(32)), Optional.empty(), Bytes.EMPTY,
          allocation(DEPOSIT, DEPOSIT), Balances.ofSingleAsset(DEPOSIT, DEPOSIT), Params.ZERO_AUX);
      // Mallory claims the proposal comes from Carol.
      tap.send(new Envelope(mallory.identity(), bob.identity(), new LedgerChannelProposal(base, mallory.address(), List.of(carol.identity(), bob.identity()))));
      Envelope answer = tap.next(env -> env.message() instanceof ChannelProposalRej, TIMEOUT)
          .orElseThrow(() -> new AssertionError("no rejection of the invalid proposal" + seedInfo()));
      ChannelProposalRej rej = (ChannelProposalRej) answer.message();
      assertEquals(pid, rej.proposalId(), seedInfo());
      assertTrue(rej.reason().contains("proposer"), "reason names the problem: " + rej.reason() + seedInfo());
    }
  }

  /** Who fails to fund in the fund recovery scenario. */
  public enum FailingFunder { PROPOSER, RESPONDER, BOTH }

  @ParameterizedTest
  @EnumSource(FailingFunder.class)
  public void failedFundingReturnsEveryDepositOnSettle(FailingFunder failing) throws Exception {
    Funder refuses = request -> {
      throw new FundingTimeoutException(request.channelId(), java.util.Map.of(0, List.of(request.ownIndex())));
    };
    Party frida = setup.newParty("frida", FUNDS);
    Party fred = setup.newParty("fred", FUNDS);
    if (failing != FailingFunder.RESPONDER) {
      frida = frida.withFunder(refuses);
    }
    if (failing != FailingFunder.PROPOSER) {
      fred = fred.withFunder(refuses);
    }
    Party proposerParty = frida;
    Party responderParty = fred;
    CompletableFuture<Channel> fredChannel = new CompletableFuture<>();
    Client fridaClient = harness.client(proposerParty, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    harness.client(responderParty, acceptInto(responderParty, fredChannel), UpdateHandler.acceptAll());

    Future<Channel> proposing = harness.async(() -> fridaClient.proposeChannel(
        ChannelProposal.ledger(responderParty.identity(), proposerParty.address(), allocation(DEPOSIT, DEPOSIT), 60), TIMEOUT));
    ChannelFundingException proposerError = fundingError(() -> harness.awaitAdvancing(proposing, 600, 40));
    ChannelFundingException responderError = fundingError(() -> harness.awaitAdvancing(fredChannel, 600, 40));
    Channel fridaChannel = proposerError.channel();
    Channel fredsChannel = responderError.channel();
    assertEquals(fridaChannel.id(), fredsChannel.id(), seedInfo());
    assertEquals(Phase.FUNDING, fridaChannel.phase(), seedInfo());

    Future<Object> s1 = harness.async(() -> {
      fridaChannel.settle(TIMEOUT, false);
      return null;
    });
    Future<Object> s2 = harness.async(() -> {
      fredsChannel.settle(TIMEOUT, true);
      return null;
    });
    harness.awaitAdvancing(s1, 30, 40);
    harness.awaitAdvancing(s2, 30, 40);
    assertEquals(FUNDS, setup.onChainBalance(frida), "frida gets every deposit back" + seedInfo());
    assertEquals(FUNDS, setup.onChainBalance(fred), "fred gets every deposit back" + seedInfo());
    assertEquals(Phase.WITHDRAWN, fridaChannel.phase(), seedInfo());
  }

  private ChannelFundingException fundingError(ThrowingSupplier<?> call) throws Exception {
    try {
      Object result = call.get();
      throw new AssertionError("funding should have failed, got " + result + seedInfo());
    } catch (ExecutionException e) {
      return assertInstanceOf(ChannelFundingException.class, e.getCause(), seedInfo());
    }
  }

  /** A supplier that may throw. */
  @FunctionalInterface
  protected interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  @Test
  public void concurrentUpdatesNeverForkTheChannel() throws Exception {
    Party alice = setup.newParty("alice", FUNDS);
    Party bob = setup.newParty("bob", FUNDS);
    CompletableFuture<Channel> bobChannel = new CompletableFuture<>();
    Client aliceClient = harness.client(alice, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    harness.client(bob, acceptInto(bob, bobChannel), UpdateHandler.acceptAll());
    BigInteger deposit = BigInteger.valueOf(50);
    Pair p = open(aliceClient, alice, bob, bobChannel, deposit);

    int conflicts = 0;
    for (int round = 0; round < 20; round++) {
      CyclicBarrier start = new CyclicBarrier(2);
      Future<Object> a = harness.async(() -> {
        start.await();
        return p.proposer().update(pay(0, 1, 1), TIMEOUT);
      });
      Future<Object> b = harness.async(() -> {
        start.await();
        return p.responder().update(pay(1, 0, 1), TIMEOUT);
      });
      for (Future<Object> f : List.of(a, b)) {
        try {
          f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UpdateConflictException || e.getCause() instanceof PeerRejectedException) {
            conflicts++;
          } else {
            throw new AssertionError("unexpected failure in round " + round + seedInfo(), e.getCause());
          }
        }
      }
      assertSameState(p, "after concurrent round " + round);
      assertEquals(Phase.ACTING, p.proposer().phase(), seedInfo());
      assertEquals(Phase.ACTING, p.responder().phase(), seedInfo());
      assertEquals(deposit.add(deposit), p.proposer().state().balances().sum(0), "funds are conserved" + seedInfo());
    }
    long version = p.proposer().state().version();
    assertEquals(40 - conflicts, version, "every successful update moved the version by one" + seedInfo());
  }

  /**
   * Both sides propose the same version while each other's proposal is still on the wire: the lower index wins
   * on both sides, deterministically (go-perun #380 leaves both inconsistent).
   */
  @Test
  public void crossingUpdatesAreResolvedByTheLowerIndex() throws Exception {
    Party alice = setup.newParty("alice", FUNDS);
    Party bob = setup.newParty("bob", FUNDS);
    HoldingTransport aliceWire = new HoldingTransport(setup.transport());
    HoldingTransport bobWire = new HoldingTransport(setup.transport());
    CompletableFuture<Channel> bobChannel = new CompletableFuture<>();
    Client aliceClient = harness.client(alice, aliceWire, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll(), new AppRegistry());
    harness.client(bob, bobWire, acceptInto(bob, bobChannel), UpdateHandler.acceptAll(), new AppRegistry());
    Pair p = open(aliceClient, alice, bob, bobChannel);

    aliceWire.hold(env -> env.message() instanceof ChannelUpdate);
    bobWire.hold(env -> env.message() instanceof ChannelUpdate);
    Future<State> aliceUpdate = harness.async(() -> p.proposer().update(pay(0, 1, 3), TIMEOUT));
    Future<State> bobUpdate = harness.async(() -> p.responder().update(pay(1, 0, 5), TIMEOUT));
    assertTrue(aliceWire.awaitHeld(1, TIMEOUT.toMillis()) && bobWire.awaitHeld(1, TIMEOUT.toMillis()), "both proposals are on the wire" + seedInfo());
    assertEquals(Phase.SIGNING, p.proposer().phase(), seedInfo());
    assertEquals(Phase.SIGNING, p.responder().phase(), seedInfo());
    aliceWire.release(); // alice's proposal reaches bob before bob's reaches alice
    bobWire.release();

    State won = aliceUpdate.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    ExecutionException lost = assertThrows(ExecutionException.class, () -> bobUpdate.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(UpdateConflictException.class, lost.getCause(), "bob (index 1) yields" + seedInfo());
    assertEquals(1, won.version(), seedInfo());
    assertEquals(BigInteger.valueOf(7), won.balances().get(0, 0), "alice's payment of 3 went through" + seedInfo());
    assertSameState(p, "after the crossing updates");
    // Bob retries on the new state and succeeds.
    State retried = p.responder().update(pay(1, 0, 5), TIMEOUT);
    assertEquals(2, retried.version(), seedInfo());
    assertSameState(p, "after bob's retry");
  }

  /** Mallory sends forged updates straight to Alice; each is rejected with a reason and changes nothing. */
  @Test
  public void everyInvalidUpdateIsRejectedWithAReasonAndChangesNothing() throws Exception {
    Party alice = setup.newParty("alice", FUNDS);
    Party mallory = setup.newParty("mallory", FUNDS);
    CompletableFuture<Channel> mallorysChannel = new CompletableFuture<>();
    Client aliceClient = harness.client(alice, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    TappedTransport tap = new TappedTransport(setup.transport());
    harness.client(mallory, tap, acceptInto(mallory, mallorysChannel), UpdateHandler.acceptAll(), new AppRegistry());
    Pair p = open(aliceClient, alice, mallory, mallorysChannel);
    Channel aliceChannel = p.proposer();
    Account malloryAccount = mallory.wallet().account(mallory.address());
    State current = aliceChannel.state();
    State valid = pay(1, 0, 1).apply(current).withVersion(current.version() + 1);
    Asset otherAsset = setup.otherAsset();

    record Forgery(String name, State state, int actor, boolean badSignature) {}
    List<Forgery> forgeries = List.of(
        new Forgery("bad signature", valid, 1, true),
        new Forgery("version skipped", valid.withVersion(current.version() + 2), 1, false),
        new Forgery("version repeated", valid.withVersion(current.version()), 1, false),
        new Forgery("actor is not the sender", valid, 0, false),
        new Forgery("assets changed", valid.withAllocation(new Allocation(List.of(otherAsset), valid.balances(), List.of())), 1, false),
        new Forgery("funds locked", valid.withAllocation(new Allocation(valid.allocation().assets(),
            Balances.ofSingleAsset(BigInteger.valueOf(10), BigInteger.valueOf(8)),
            List.of(new SubAlloc(new ChannelId(Bytes.zeros(32)), List.of(BigInteger.TWO), List.of())))), 1, false),
        new Forgery("sum increased", valid.withBalances(Balances.ofSingleAsset(BigInteger.valueOf(10), BigInteger.valueOf(100))), 1, false),
        new Forgery("app data without app", valid.withData(Bytes.fromHex("01")), 1, false));
    for (Forgery f : forgeries) {
      Signature sig = f.badSignature()
          ? setup.channelBackend().sign(malloryAccount, f.state().withVersion(f.state().version() + 7))
          : setup.channelBackend().sign(malloryAccount, f.state());
      tap.send(new Envelope(mallory.identity(), alice.identity(), new ChannelUpdate(f.state(), f.actor(), sig)));
      Envelope rej = tap.next(env -> env.message() instanceof ChannelUpdateRej r && r.version() == f.state().version(), TIMEOUT)
          .orElseThrow(() -> new AssertionError("no rejection for forgery '" + f.name() + "'" + seedInfo()));
      assertTrue(!((ChannelUpdateRej) rej.message()).reason().isBlank(), "a rejection carries a reason: " + f.name() + seedInfo());
      assertEquals(current, aliceChannel.state(), "forgery '" + f.name() + "' changed nothing" + seedInfo());
      assertEquals(Phase.ACTING, aliceChannel.phase(), "forgery '" + f.name() + "' left the channel acting" + seedInfo());
    }
    // The channel still works for honest updates.
    p.responder().update(pay(1, 0, 1), TIMEOUT);
    assertSameState(p, "after an honest update");
    // An update after the final state is refused too.
    aliceChannel.updateFinal(TIMEOUT);
    State fin = aliceChannel.state();
    State afterFinal = pay(1, 0, 1).apply(fin).withVersion(fin.version() + 1).withFinal(false);
    tap.send(new Envelope(mallory.identity(), alice.identity(), new ChannelUpdate(afterFinal, 1, setup.channelBackend().sign(malloryAccount, afterFinal))));
    tap.next(env -> env.message() instanceof ChannelUpdateRej r && r.version() == afterFinal.version(), TIMEOUT)
        .orElseThrow(() -> new AssertionError("no rejection of an update after the final state" + seedInfo()));
    assertEquals(fin, aliceChannel.state(), seedInfo());
  }

  /** In a payment-app channel, the app's own rule holds: nobody may lower another's balance. */
  @Test
  public void appRuleViolationIsRejected() throws Exception {
    Party alice = setup.newParty("alice", FUNDS);
    Party mallory = setup.newParty("mallory", FUNDS);
    AppId appId = setup.appId();
    AppRegistry apps = new AppRegistry().register(new PaymentApp(appId));
    CompletableFuture<Channel> mallorysChannel = new CompletableFuture<>();
    Client aliceClient = harness.client(alice, setup.transport(), ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll(), apps);
    TappedTransport tap = new TappedTransport(setup.transport());
    harness.client(mallory, tap, acceptInto(mallory, mallorysChannel), UpdateHandler.acceptAll(), apps);
    Channel aliceChannel = aliceClient.proposeChannel(
        ChannelProposal.ledger(mallory.identity(), alice.address(), allocation(DEPOSIT, DEPOSIT), 60).withApp(appId, Bytes.EMPTY), TIMEOUT);
    Channel malloryChannel = mallorysChannel.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    State current = aliceChannel.state();
    State theft = pay(0, 1, 5).apply(current).withVersion(current.version() + 1);
    tap.send(new Envelope(mallory.identity(), alice.identity(),
        new ChannelUpdate(theft, 1, setup.channelBackend().sign(mallory.wallet().account(mallory.address()), theft))));
    ChannelUpdateRej rej = (ChannelUpdateRej) tap.next(env -> env.message() instanceof ChannelUpdateRej, TIMEOUT)
        .orElseThrow(() -> new AssertionError("no rejection of the theft" + seedInfo())).message();
    assertTrue(rej.reason().contains("payment app"), "the app's reason is given: " + rej.reason() + seedInfo());
    assertEquals(current, aliceChannel.state(), seedInfo());
    // Paying is fine.
    malloryChannel.update(pay(1, 0, 3), TIMEOUT);
    assertEquals(BigInteger.valueOf(13), aliceChannel.state().balances().get(0, 0), seedInfo());
  }
}
