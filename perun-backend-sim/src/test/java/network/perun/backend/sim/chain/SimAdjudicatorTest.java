// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static network.perun.backend.sim.chain.ChainFixture.D;
import static network.perun.backend.sim.chain.ChainFixture.ETH;
import static network.perun.backend.sim.chain.ChainFixture.START;
import static network.perun.backend.sim.chain.ChainFixture.big;
import static network.perun.backend.sim.chain.ChainFixture.lock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import network.perun.api.Allocation;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.ProgressRequest;
import network.perun.api.spi.SubscriptionClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated {@link network.perun.api.spi.Adjudicator}: register, progress, withdraw and subscriptions. */
class SimAdjudicatorTest {
  /** A safety net against a hanging test, never a timing assertion. */
  private static final long HANG_GUARD_SECONDS = 30;

  private final ChainFixture f = new ChainFixture();
  private final SimAdjudicator adjudicator = new SimAdjudicator(f.chain);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private final Params params = f.params(false);
  private final ChannelId id = f.id(params);
  private final State v5 = f.state(params, 5, 12, 8);

  SimAdjudicatorTest() {
    f.fund(params, f.state(params, 0, 10, 10));
  }

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
  }

  private Future<?> async(Interruptible call) {
    return pool.submit(() -> {
      call.run();
      return null;
    });
  }

  private static void join(Future<?> future) throws Exception {
    future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
  }

  @FunctionalInterface
  private interface Interruptible {
    void run() throws InterruptedException;
  }

  private long count(SimTransaction.Kind kind) {
    return f.chain.transactions().stream().filter(t -> t.kind() == kind).count();
  }

  private AdjudicatorRequest alice(State s) {
    return f.request(params, s, 0, false);
  }

  private AdjudicatorRequest bob(State s) {
    return f.request(params, s, 1, true);
  }

  // ------------------------------------------------------------------------------------------ register

  @Test
  void registerStartsADisputeAndAnIdenticalRegisterSendsNothing() throws Exception {
    adjudicator.register(alice(v5), List.of());
    adjudicator.register(bob(v5), List.of());
    adjudicator.register(alice(v5), List.of());
    assertEquals(1, count(SimTransaction.Kind.REGISTER));
    assertEquals(f.alice.address(), f.chain.transactions().get(f.chain.transactions().size() - 1).sender());
    assertEquals(DisputePhase.DISPUTE, f.chain.dispute(id).orElseThrow().phase());
  }

  @Test
  void registerOfANewerVersionRefutes() throws Exception {
    adjudicator.register(alice(f.state(params, 4, 10, 10)), List.of());
    adjudicator.register(bob(v5), List.of());
    assertEquals(5, f.chain.dispute(id).orElseThrow().version());
  }

  @Test
  void registerOfAnOlderVersionIsRefusedWithTheChainsReason() throws Exception {
    adjudicator.register(alice(v5), List.of());
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> adjudicator.register(bob(f.state(params, 4, 10, 10)), List.of()));
    assertEquals("invalid version", e.getMessage());
  }

  @Test
  void registerOfAFinalStateConcludesAtOnce() throws Exception {
    State fin = v5.withFinal(true);
    adjudicator.register(alice(fin), List.of());
    adjudicator.register(bob(fin), List.of());
    assertEquals(0, count(SimTransaction.Kind.REGISTER));
    assertEquals(1, count(SimTransaction.Kind.CONCLUDE_FINAL));
    assertTrue(f.chain.dispute(id).orElseThrow().isConcluded());
  }

  // ------------------------------------------------------------------------------------------ withdraw

  @Test
  void withdrawOfAFinalStateConcludesOnceAndPaysBoth() throws Exception {
    State fin = v5.withFinal(true);
    adjudicator.withdraw(alice(fin), Map.of());
    adjudicator.withdraw(bob(fin), Map.of());
    assertEquals(1, count(SimTransaction.Kind.CONCLUDE_FINAL));
    assertEquals(big(1_002), f.chain.balanceOf(f.alice.address(), ETH));
    assertEquals(big(998), f.chain.balanceOf(f.bob.address(), ETH));
  }

  @Test
  void withdrawingTwiceIsHarmlessAndSendsNothing() throws Exception {
    State fin = v5.withFinal(true);
    adjudicator.withdraw(alice(fin), Map.of());
    long aliceTxs = f.chain.transactionCount(f.alice.address());
    adjudicator.withdraw(alice(fin), Map.of());
    assertEquals(aliceTxs, f.chain.transactionCount(f.alice.address()));
    assertEquals(big(1_002), f.chain.balanceOf(f.alice.address(), ETH));
  }

  @Test
  void aZeroShareIsNotWithdrawn() throws Exception {
    State fin = f.state(params, 6, 20, 0).withFinal(true);
    adjudicator.withdraw(alice(fin), Map.of());
    long bobTxs = f.chain.transactionCount(f.bob.address());
    adjudicator.withdraw(bob(fin), Map.of());
    assertEquals(bobTxs, f.chain.transactionCount(f.bob.address()));
    assertEquals(big(990), f.chain.balanceOf(f.bob.address(), ETH));
  }

  @Test
  void withdrawOfAnUnregisteredNonFinalStateFails() {
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> adjudicator.withdraw(alice(v5), Map.of()));
    assertEquals("not registered", e.getMessage());
  }

  @Test
  void withdrawWaitsForTheDisputeTimeoutThenConcludes() throws Exception {
    adjudicator.register(alice(v5), List.of());
    Future<?> withdraw = async(() -> adjudicator.withdraw(alice(v5), Map.of()));
    f.clock.advance(D - 1);
    assertFalse(f.chain.dispute(id).orElseThrow().isConcluded());
    f.clock.advance(1);
    join(withdraw);
    assertEquals(START + D, f.chain.dispute(id).orElseThrow().timeout());
    assertEquals(big(1_002), f.chain.balanceOf(f.alice.address(), ETH));
  }

  @Test
  void withdrawOfAnAppChannelWaitsForTheForceExecutionWindowToo() throws Exception {
    Params app = f.params(true);
    State s = f.state(app, 3, 5, 15);
    f.fund(app, f.state(app, 0, 10, 10));
    adjudicator.register(f.request(app, s, 0, false), List.of());
    Future<?> withdraw = async(() -> adjudicator.withdraw(f.request(app, s, 1, false), Map.of()));
    f.clock.advance(2 * D - 1);
    assertFalse(withdraw.isDone(), "an app channel that nobody progressed concludes at reg + 2d");
    f.clock.advance(1);
    join(withdraw);
    assertEquals(big(1_000 - 10 - 10 + 15), f.chain.balanceOf(f.bob.address(), ETH), "bob funded two channels with 10 each");
  }

  @Test
  void withdrawConcludesTheProgressedStateAfterTheLastMove() throws Exception {
    Params app = f.params(true);
    State s3 = f.state(app, 3, 5, 15);
    f.fund(app, f.state(app, 0, 10, 10));
    adjudicator.register(f.request(app, s3, 0, false), List.of());
    f.clock.advance(D);
    State s4 = f.state(app, 4, 8, 12);
    adjudicator.progress(new ProgressRequest(f.request(app, s3, 0, false), s4, 0, f.backend.sign(f.alice, s4)));
    long moved = f.clock.now();
    // The progressed state carries only the actor's signature; the request still carries the state.
    AdjudicatorRequest req = new AdjudicatorRequest(f.id(app), app, f.bob, f.tx(app, s4), 1, false);
    Future<?> withdraw = async(() -> adjudicator.withdraw(req, Map.of()));
    f.clock.advance(D - 1);
    assertFalse(withdraw.isDone());
    f.clock.advance(1);
    join(withdraw);
    assertEquals(moved + D, f.chain.dispute(f.id(app)).orElseThrow().timeout());
    assertEquals(4, f.chain.dispute(f.id(app)).orElseThrow().version());
    assertEquals(big(1_000 - 10 - 10 + 12), f.chain.balanceOf(f.bob.address(), ETH), "bob funded two channels with 10 each");
  }

  @Test
  void concurrentSettlementsChargeOneConclude() throws Exception {
    for (int round = 0; round < 10; round++) {
      Params p = f.params(false);
      State s = f.state(p, 1, 3, 7);
      f.fund(p, f.state(p, 0, 5, 5));
      Future<?> a = async(() -> {
        adjudicator.register(f.request(p, s, 0, false), List.of());
        adjudicator.withdraw(f.request(p, s, 0, false), Map.of());
      });
      Future<?> b = async(() -> {
        adjudicator.register(f.request(p, s, 1, true), List.of());
        adjudicator.withdraw(f.request(p, s, 1, true), Map.of());
      });
      f.chain.await(() -> f.chain.dispute(f.id(p)).isPresent(), Long.MAX_VALUE);
      f.clock.advance(D);
      join(a);
      join(b);
      long concludes = f.chain.transactions().stream().filter(t -> t.channelId().equals(f.id(p)) && t.kind() == SimTransaction.Kind.CONCLUDE).count();
      long registers = f.chain.transactions().stream().filter(t -> t.channelId().equals(f.id(p)) && t.kind() == SimTransaction.Kind.REGISTER).count();
      assertEquals(1, concludes, "round " + round);
      assertEquals(1, registers, "round " + round);
    }
  }

  @Test
  void concurrentFinalSettlementsChargeOneConcludeFinal() throws Exception {
    State fin = v5.withFinal(true);
    Future<?> a = async(() -> adjudicator.withdraw(alice(fin), Map.of()));
    Future<?> b = async(() -> adjudicator.withdraw(bob(fin), Map.of()));
    join(a);
    join(b);
    assertEquals(1, count(SimTransaction.Kind.CONCLUDE_FINAL));
    assertEquals(big(998), f.chain.balanceOf(f.bob.address(), ETH));
  }

  @Test
  void withdrawOfAnotherVersionThanTheConcludedOneIsAWrongVersion() throws Exception {
    State fin = v5.withFinal(true);
    adjudicator.withdraw(alice(fin), Map.of());
    State older = f.state(params, 4, 10, 10).withFinal(true);
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> adjudicator.withdraw(bob(older), Map.of()));
    assertTrue(e.getMessage().startsWith("wrong version"), e.getMessage());
    assertEquals(big(990), f.chain.balanceOf(f.bob.address(), ETH), "nothing was withdrawn");
  }

  @Test
  void withdrawConcludesSubChannelsFromTheSubStateMap() throws Exception {
    Params subP = f.params(D, f.parts(), false, false, false);
    State sub = f.state(subP, 2, 1, 3).withFinal(true);
    State root = new State(id, 6, new Allocation(List.of(ETH), ChainFixture.bals(10, 6), List.of(lock(f.id(subP), 4))), params.app(), Bytes.EMPTY, false);
    adjudicator.register(alice(root), List.of(f.signed(subP, sub)));
    adjudicator.register(bob(root), List.of(f.signed(subP, sub)));
    assertEquals(1, count(SimTransaction.Kind.REGISTER));
    f.clock.advance(D);
    adjudicator.withdraw(alice(root), Map.of(f.id(subP), sub));
    adjudicator.withdraw(bob(root), Map.of(f.id(subP), sub));
    assertTrue(f.chain.dispute(f.id(subP)).orElseThrow().isConcluded());
    assertEquals(big(1_001), f.chain.balanceOf(f.alice.address(), ETH));
    assertEquals(big(999), f.chain.balanceOf(f.bob.address(), ETH));
    assertThrows(network.perun.api.InvalidValueException.class, () -> adjudicator.withdraw(alice(root), Map.of()));
  }

  // ------------------------------------------------------------------------------------------ subscriptions

  @Test
  void aSubscriptionFirstReplaysTheLastPastEvent() throws Exception {
    adjudicator.register(alice(f.state(params, 4, 10, 10)), List.of());
    adjudicator.register(bob(v5), List.of());
    try (AdjudicatorSubscription sub = adjudicator.subscribe(id)) {
      AdjudicatorEvent.Registered e = assertInstanceOf(AdjudicatorEvent.Registered.class, sub.next(Duration.ZERO).orElseThrow());
      assertEquals(v5, e.state());
      assertEquals(5, e.version());
      assertEquals(f.sigs(params, v5), e.signatures());
      assertEquals(START + D, e.timeout().at());
      assertFalse(e.timeout().isElapsed());
      assertEquals(Optional.empty(), sub.next(Duration.ZERO), "only the most recent past event is replayed");
      f.clock.advance(D);
      assertTrue(e.timeout().isElapsed(), "event timeouts follow the chain clock");
    }
  }

  @Test
  void aConcludedEventIsReplayedToo() throws Exception {
    adjudicator.withdraw(alice(v5.withFinal(true)), Map.of());
    try (AdjudicatorSubscription sub = adjudicator.subscribe(id)) {
      AdjudicatorEvent.Concluded e = assertInstanceOf(AdjudicatorEvent.Concluded.class, sub.next(Duration.ZERO).orElseThrow());
      assertEquals(5, e.version());
      assertTrue(e.timeout().isElapsed());
    }
  }

  @Test
  void aSubscriptionDeliversLaterEventsInOrder() throws Exception {
    Params app = f.params(true);
    State s3 = f.state(app, 3, 5, 15);
    try (AdjudicatorSubscription sub = adjudicator.subscribe(f.id(app)); AdjudicatorSubscription other = adjudicator.subscribe(id)) {
      assertEquals(Optional.empty(), sub.next(Duration.ZERO));
      adjudicator.register(f.request(app, s3, 0, false), List.of());
      f.clock.advance(D);
      State s4 = f.state(app, 4, 8, 12);
      adjudicator.progress(new ProgressRequest(f.request(app, s3, 1, false), s4, 1, f.backend.sign(f.bob, s4)));
      f.clock.advance(D);
      f.chain.conclude(f.alice.address(), app, s4, List.of());
      assertInstanceOf(AdjudicatorEvent.Registered.class, sub.next(Duration.ZERO).orElseThrow());
      AdjudicatorEvent.Progressed p = assertInstanceOf(AdjudicatorEvent.Progressed.class, sub.next(Duration.ZERO).orElseThrow());
      assertEquals(s4, p.state());
      assertEquals(1, p.actorIndex());
      assertEquals(START + 2 * D, p.timeout().at());
      AdjudicatorEvent.Concluded c = assertInstanceOf(AdjudicatorEvent.Concluded.class, sub.next(Duration.ZERO).orElseThrow());
      assertEquals(4, c.version());
      assertEquals(Optional.empty(), other.next(Duration.ZERO), "events of other channels are not delivered");
    }
  }

  @Test
  void aBlockedNextWakesForANewEvent() throws Exception {
    try (AdjudicatorSubscription sub = adjudicator.subscribe(id)) {
      Future<Optional<AdjudicatorEvent>> next = pool.submit(() -> sub.next(Duration.ofSeconds(HANG_GUARD_SECONDS)));
      adjudicator.register(alice(v5), List.of());
      assertInstanceOf(AdjudicatorEvent.Registered.class, next.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS).orElseThrow());
    }
  }

  @Test
  void aClosedSubscriptionThrowsAndWakesItsReader() throws Exception {
    AdjudicatorSubscription sub = adjudicator.subscribe(id);
    Future<Optional<AdjudicatorEvent>> next = pool.submit(() -> sub.next(Duration.ofSeconds(HANG_GUARD_SECONDS)));
    sub.close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> next.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(SubscriptionClosedException.class, e.getCause());
    adjudicator.register(alice(v5), List.of());
    assertThrows(SubscriptionClosedException.class, () -> sub.next(Duration.ZERO));
    sub.close();
  }

  @Test
  void registerWithSubChannelsIsSkippedOnlyWhenTheWholeTreeIsRegistered() throws Exception {
    Params subP = f.params(D, f.parts(), false, false, false);
    State sub2 = f.state(subP, 2, 1, 3);
    State root = new State(id, 6, new Allocation(List.of(ETH), ChainFixture.bals(10, 6), List.of(lock(f.id(subP), 4))), params.app(), Bytes.EMPTY, false);
    adjudicator.register(alice(root), List.of(f.signed(subP, sub2)));
    State sub3 = f.state(subP, 3, 2, 2);
    List<SignedState> newer = List.of(f.signed(subP, sub3));
    adjudicator.register(bob(root), newer);
    assertEquals(2, count(SimTransaction.Kind.REGISTER), "a newer sub-channel state is registered under the same root");
    assertEquals(3, f.chain.dispute(f.id(subP)).orElseThrow().version());
  }
}
