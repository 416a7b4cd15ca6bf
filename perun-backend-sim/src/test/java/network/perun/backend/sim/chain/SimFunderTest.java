// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static network.perun.backend.sim.chain.ChainFixture.D;
import static network.perun.backend.sim.chain.ChainFixture.ETH;
import static network.perun.backend.sim.chain.ChainFixture.TOKEN;
import static network.perun.backend.sim.chain.ChainFixture.big;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.State;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.FundingRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Funding on the simulated chain: success, the funding timeout, idempotence, zero shares and fund recovery. */
class SimFunderTest {
  /** A safety net against a hanging test, never a timing assertion. */
  private static final long HANG_GUARD_SECONDS = 30;

  private final ChainFixture f = new ChainFixture();
  private final SimFunder funder = new SimFunder(f.chain);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
  }

  /** Alice and bob put 10 and 20 ETH and 5 and 0 TOKEN into a two-asset channel. */
  private final Params params = f.params(false);
  private final Balances agreement = Balances.of(List.of(List.of(big(10), big(20)), List.of(big(5), big(0))));
  private final State initial = new State(f.id(params), 0, Allocation.of(List.of(ETH, TOKEN), agreement), params.app(), Bytes.EMPTY, false);

  private FundingRequest request(int index) {
    return new FundingRequest(f.id(params), params, initial, index, agreement);
  }

  private Future<?> fundAsync(SimFunder by, FundingRequest req) {
    return pool.submit(() -> {
      by.fund(req);
      return null;
    });
  }

  private static void join(Future<?> future) throws Exception {
    future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
  }

  private void awaitHoldings(Address participant, BigInteger amount) throws InterruptedException {
    f.chain.await(() -> f.chain.holdings(f.id(params), participant, ETH).compareTo(amount) >= 0, Long.MAX_VALUE);
  }

  @Test
  void fundingSucceedsOnceEveryParticipantDeposited() throws Exception {
    Future<?> alice = fundAsync(funder, request(0));
    Future<?> bob = fundAsync(funder, request(1));
    join(alice);
    join(bob);
    assertEquals(big(10), f.chain.holdings(f.id(params), f.alice.address(), ETH));
    assertEquals(big(20), f.chain.holdings(f.id(params), f.bob.address(), ETH));
    assertEquals(big(5), f.chain.holdings(f.id(params), f.alice.address(), TOKEN));
    assertEquals(big(990), f.chain.balanceOf(f.alice.address(), ETH));
    assertEquals(2, f.chain.transactionCount(f.alice.address()));
    assertEquals(1, f.chain.transactionCount(f.bob.address()), "a zero share sends no transaction");
  }

  @Test
  void fundingWaitsForThePeerEvenIfOurShareIsDeposited() throws Exception {
    Future<?> alice = fundAsync(funder, request(0));
    awaitHoldings(f.alice.address(), big(10));
    f.clock.advance(100);
    assertFalse(alice.isDone(), "alice must wait for bob");
    f.chain.deposit(f.bob.address(), f.id(params), f.bob.address(), ETH, big(20));
    join(alice);
  }

  @Test
  void fundingTimesOutNamingTheMissingParticipantPerAsset() throws Exception {
    Params three = f.params(D, List.of(f.alice.address(), f.bob.address(), f.carol.address()), false, true, false);
    Balances shares = Balances.of(List.of(List.of(big(1), big(2), big(3)), List.of(big(4), big(5), big(6))));
    State init = new State(f.id(three), 0, Allocation.of(List.of(ETH, TOKEN), shares), three.app(), Bytes.EMPTY, false);
    SimFunder shortFunder = new SimFunder(f.chain, 500);
    Future<?> alice = fundAsync(shortFunder, new FundingRequest(f.id(three), three, init, 0, shares));
    f.chain.deposit(f.bob.address(), f.id(three), f.bob.address(), ETH, big(2)); // bob funds ETH only; carol nothing
    f.chain.await(() -> f.chain.holdings(f.id(three), f.alice.address(), TOKEN).signum() > 0, Long.MAX_VALUE);
    f.clock.advance(499);
    assertFalse(alice.isDone(), "the timeout is 500 chain seconds");
    f.clock.advance(1);
    ExecutionException e = assertThrows(ExecutionException.class, () -> join(alice));
    FundingTimeoutException timeout = assertInstanceOf(FundingTimeoutException.class, e.getCause());
    assertEquals(f.id(three), timeout.channelId());
    assertEquals(Map.of(0, List.of(2), 1, List.of(1, 2)), timeout.missingByAsset());
    assertEquals(big(4), f.chain.holdings(f.id(three), f.alice.address(), TOKEN), "our deposit stays on chain");
  }

  @Test
  void fundIsIdempotent() throws Exception {
    f.chain.deposit(f.bob.address(), f.id(params), f.bob.address(), ETH, big(20));
    funder.fund(request(0));
    long txs = f.chain.transactions().size();
    funder.fund(request(0));
    new SimFunder(f.chain).fund(request(0)); // after a restart: a new funder reads the holdings
    assertEquals(txs, f.chain.transactions().size());
    assertEquals(big(10), f.chain.holdings(f.id(params), f.alice.address(), ETH));
  }

  @Test
  void concurrentFundsOfOneParticipantDepositOnce() throws Exception {
    f.chain.deposit(f.bob.address(), f.id(params), f.bob.address(), ETH, big(20));
    List<Future<?>> calls = List.of(fundAsync(funder, request(0)), fundAsync(funder, request(0)), fundAsync(new SimFunder(f.chain), request(0)));
    for (Future<?> call : calls) {
      join(call);
    }
    assertEquals(big(10), f.chain.holdings(f.id(params), f.alice.address(), ETH));
    assertEquals(2, f.chain.transactionCount(f.alice.address()));
  }

  @Test
  void aPartialDepositIsToppedUp() throws Exception {
    f.chain.deposit(f.alice.address(), f.id(params), f.alice.address(), ETH, big(4));
    f.chain.deposit(f.bob.address(), f.id(params), f.bob.address(), ETH, big(20));
    funder.fund(request(0));
    assertEquals(big(10), f.chain.holdings(f.id(params), f.alice.address(), ETH));
    assertEquals(big(990), f.chain.balanceOf(f.alice.address(), ETH));
  }

  @Test
  void fundingWithAnInsufficientBalanceFails() {
    Balances tooMuch = Balances.of(List.of(List.of(big(5_000), big(20)), List.of(big(5), big(0))));
    FundingRequest req = new FundingRequest(f.id(params), params, initial.withBalances(tooMuch), 0, tooMuch);
    assertThrows(AdjudicatorException.class, () -> funder.fund(req));
    assertEquals(big(1_000), f.chain.balanceOf(f.alice.address(), ETH));
  }

  @Test
  void aRequestWhoseIdDoesNotMatchItsParamsIsRefused() {
    Params other = f.params(false);
    FundingRequest req = new FundingRequest(f.id(other), params, initial, 0, agreement);
    assertThrows(InvalidValueException.class, () -> funder.fund(req));
    assertEquals(0, f.chain.transactions().size());
  }

  @Test
  void aWaitingFundIsInterruptible() throws Exception {
    Future<?> alice = fundAsync(funder, request(0));
    awaitHoldings(f.alice.address(), big(10));
    alice.cancel(true);
    pool.shutdown();
    assertTrue(pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "the interrupted fund returned");
  }

  @Test
  void fundRecoveryReturnsTheDepositOfAnUnderfundedChannel() throws Exception {
    SimFunder shortFunder = new SimFunder(f.chain, 100);
    Future<?> alice = fundAsync(shortFunder, request(0));
    awaitHoldings(f.alice.address(), big(10));
    f.clock.advance(100);
    ExecutionException e = assertThrows(ExecutionException.class, () -> join(alice));
    assertInstanceOf(FundingTimeoutException.class, e.getCause());

    SimAdjudicator adjudicator = new SimAdjudicator(f.chain);
    adjudicator.register(f.request(params, initial, 0, false), List.of());
    f.clock.advance(D);
    adjudicator.withdraw(f.request(params, initial, 0, false), Map.of());
    assertEquals(big(1_000), f.chain.balanceOf(f.alice.address(), ETH));
    assertEquals(big(1_000), f.chain.balanceOf(f.alice.address(), TOKEN));
    assertEquals(BigInteger.ZERO, f.chain.holdings(f.id(params), f.alice.address(), ETH));
  }

  @Test
  void theFundingTimeoutMustBePositive() {
    assertThrows(InvalidValueException.class, () -> new SimFunder(f.chain, 0));
    assertEquals(SimFunder.DEFAULT_FUNDING_TIMEOUT, funder.fundingTimeout());
  }
}
