// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.core.client.Channel;
import network.perun.core.client.Client;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.SettlementProgress;
import network.perun.core.client.UpdateHandler;
import org.junit.jupiter.api.Test;

/**
 * The dispute scenarios every backend must pass: a cheating peer (go-perun's Mallory/Carol), a silent peer,
 * both registering at once, a registration after a final state, a dispute while an update is in flight, and
 * a registration seen late in the challenge period. Chain time is driven by the test; nothing sleeps on it.
 */
public abstract class DisputeConformanceTest extends ClientConformanceBase {
  protected static final long CHALLENGE = 60;

  /** Carol (proposer, honest, watching) and Mallory (responder, cheating) with an open channel. */
  protected record Duel(Party carol, Party mallory, Client carolClient, Client malloryClient, Channel carolChannel, Channel malloryChannel) {}

  protected Duel duel() throws Exception {
    Party carol = setup.newParty("carol", FUNDS);
    Party mallory = setup.newParty("mallory", FUNDS);
    CompletableFuture<Channel> malloryChannel = new CompletableFuture<>();
    Client carolClient = harness.client(carol, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    Client malloryClient = harness.client(mallory, acceptInto(mallory, malloryChannel), UpdateHandler.acceptAll());
    Pair p = open(carolClient, carol, mallory, malloryChannel);
    return new Duel(carol, mallory, carolClient, malloryClient, p.proposer(), p.responder());
  }

  /** Registers {@code tx} directly on {@code party}'s adjudicator, bypassing its client. */
  protected void registerDirectly(Party party, Channel channel, Transaction tx) throws InterruptedException {
    party.adjudicator().register(new AdjudicatorRequest(channel.id(), channel.params(), party.wallet().account(party.address()), tx,
        channel.ownIndex(), false), List.of());
  }

  /** Waits (real time, bounded) until the adjudicator reports an event of {@code id} matching {@code version}. */
  protected AdjudicatorEvent awaitRegistered(Party observer, ChannelId id, long version) throws InterruptedException {
    try (AdjudicatorSubscription sub = observer.adjudicator().subscribe(id)) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        Optional<AdjudicatorEvent> e = sub.next(Duration.ofMillis(200));
        if (e.isPresent() && e.get().version() == version && !(e.get() instanceof AdjudicatorEvent.Progressed)) {
          return e.get();
        }
      }
    }
    throw new AssertionError("version " + version + " was never registered" + seedInfo());
  }

  private void settleBoth(Channel first, Channel second) throws Exception {
    Future<Object> a = harness.async(() -> {
      first.settle(TIMEOUT, false);
      return null;
    });
    Future<Object> b = harness.async(() -> {
      second.settle(TIMEOUT, true);
      return null;
    });
    harness.awaitAdvancing(a, CHALLENGE / 4, 200);
    harness.awaitAdvancing(b, CHALLENGE / 4, 200);
  }

  @Test
  public void cheatersStaleRegistrationIsRefutedByTheWatcher() throws Exception {
    Duel d = duel();
    Transaction stale = d.malloryChannel().transaction();
    List<AdjudicatorEvent> carolSaw = new CopyOnWriteArrayList<>();
    d.carolChannel().watch(carolSaw::add);
    for (int i = 0; i < 5; i++) {
      d.malloryChannel().update(pay(1, 0, 1), TIMEOUT);
    }
    State latest = d.carolChannel().state();
    assertEquals(5, latest.version(), seedInfo());

    registerDirectly(d.mallory(), d.malloryChannel(), stale);
    awaitRegistered(d.carol(), d.carolChannel().id(), 5);
    long seen = System.nanoTime() + TIMEOUT.toNanos();
    while (carolSaw.stream().noneMatch(e -> e.version() == 0) && System.nanoTime() < seen) {
      Thread.onSpinWait(); // the handler hears of the registration right after the refutation is sent
    }
    assertTrue(carolSaw.stream().anyMatch(e -> e instanceof AdjudicatorEvent.Registered && e.version() == 0),
        "carol's handler saw mallory's registration: " + carolSaw + seedInfo());

    setup.advanceChainTime(CHALLENGE + 1);
    AdjudicatorRequest byStale = new AdjudicatorRequest(d.malloryChannel().id(), d.malloryChannel().params(),
        d.mallory().wallet().account(d.mallory().address()), stale, 1, false);
    Future<Object> theft = harness.async(() -> {
      d.mallory().adjudicator().withdraw(byStale, java.util.Map.of());
      return null;
    });
    ExecutionException e = assertThrows(ExecutionException.class, () -> theft.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(AdjudicatorException.class, e.getCause(), "mallory cannot withdraw by version 0" + seedInfo());

    settleBoth(d.carolChannel(), d.malloryChannel());
    assertEquals(FUNDS.add(BigInteger.valueOf(5)), setup.onChainBalance(d.carol()), "carol gets the latest state's 15" + seedInfo());
    assertEquals(FUNDS.subtract(BigInteger.valueOf(5)), setup.onChainBalance(d.mallory()), "mallory gets 5" + seedInfo());
  }

  @Test
  public void silentPeerCannotStopASettlementByDispute() throws Exception {
    Duel d = duel();
    for (int i = 0; i < 3; i++) {
      d.carolChannel().update(pay(0, 1, 2), TIMEOUT);
    }
    d.malloryClient().close(); // Mallory goes silent: she receives nothing and answers nothing.
    List<SettlementProgress> steps = new CopyOnWriteArrayList<>();
    Future<Object> settling = harness.async(() -> {
      d.carolChannel().settle(TIMEOUT, false, steps::add);
      return null;
    });
    harness.awaitAdvancing(settling, CHALLENGE / 4, 200);
    assertEquals(Phase.WITHDRAWN, d.carolChannel().phase(), seedInfo());
    assertEquals(FUNDS.subtract(BigInteger.valueOf(6)), setup.onChainBalance(d.carol()), "carol withdrew her 4" + seedInfo());
    assertInstanceOf(SettlementProgress.Registered.class, steps.get(0), "progress: " + steps + seedInfo());
    SettlementProgress.Registered reg = (SettlementProgress.Registered) steps.get(0);
    assertEquals(3, reg.version(), seedInfo());
    assertTrue(reg.timeoutAt() > 0, seedInfo());
    assertInstanceOf(SettlementProgress.Withdrawn.class, steps.get(steps.size() - 1), "progress: " + steps + seedInfo());

    // Mallory comes back later and takes her share of the concluded channel.
    Future<Object> late = harness.async(() -> {
      d.malloryChannel().settle(TIMEOUT, true);
      return null;
    });
    harness.awaitAdvancing(late, CHALLENGE / 4, 200);
    assertEquals(FUNDS.add(BigInteger.valueOf(6)), setup.onChainBalance(d.mallory()), "mallory withdrew her 16" + seedInfo());
  }

  @Test
  public void bothRegisteringAtOnceSettlesOnce() throws Exception {
    Duel d = duel();
    d.carolChannel().update(pay(0, 1, 4), TIMEOUT);
    settleBoth(d.carolChannel(), d.malloryChannel());
    assertEquals(FUNDS.subtract(BigInteger.valueOf(4)), setup.onChainBalance(d.carol()), seedInfo());
    assertEquals(FUNDS.add(BigInteger.valueOf(4)), setup.onChainBalance(d.mallory()), seedInfo());
  }

  @Test
  public void registrationAfterAFinalStateIsOverriddenByTheFinalState() throws Exception {
    Duel d = duel();
    d.malloryChannel().update(pay(1, 0, 1), TIMEOUT);
    Transaction older = d.malloryChannel().transaction();
    d.malloryChannel().update(pay(1, 0, 1), TIMEOUT);
    d.carolChannel().updateFinal(TIMEOUT);
    registerDirectly(d.mallory(), d.malloryChannel(), older);
    // Carol's watcher answers with the final state, which concludes the channel at once.
    awaitRegistered(d.carol(), d.carolChannel().id(), 3);
    settleBoth(d.carolChannel(), d.malloryChannel());
    assertEquals(FUNDS.add(BigInteger.TWO), setup.onChainBalance(d.carol()), seedInfo());
    assertEquals(FUNDS.subtract(BigInteger.TWO), setup.onChainBalance(d.mallory()), seedInfo());
  }

  @Test
  public void disputeDuringAnUpdateNeverRegistersTheStagedState() throws Exception {
    Party carol = setup.newParty("carol", FUNDS);
    Party bob = setup.newParty("bob", FUNDS);
    CountDownLatch bobMayAnswer = new CountDownLatch(1);
    CompletableFuture<Throwable> bobsAnswer = new CompletableFuture<>();
    CompletableFuture<Channel> bobChannel = new CompletableFuture<>();
    Client carolClient = harness.client(carol, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    harness.client(bob, acceptInto(bob, bobChannel), (current, update, responder) -> {
      try {
        bobMayAnswer.await();
        responder.accept();
        bobsAnswer.complete(null);
      } catch (InterruptedException | PerunException e) {
        bobsAnswer.complete(e);
      }
    });
    Pair p = open(carolClient, carol, bob, bobChannel);
    Transaction signed = p.proposer().transaction();
    Future<State> inFlight = harness.async(() -> p.proposer().update(pay(0, 1, 3), TIMEOUT));
    // Wait until Bob holds the staged update (SIGNING), then register the fully signed version 0.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (p.responder().phase() != Phase.SIGNING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Phase.SIGNING, p.responder().phase(), seedInfo());
    registerDirectly(bob, p.responder(), signed);
    awaitRegistered(carol, p.proposer().id(), 0);
    ExecutionException e = assertThrows(ExecutionException.class, () -> inFlight.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(PerunException.class, e.getCause(), "the update in flight fails once the channel is disputed" + seedInfo());
    long bobWaitDeadline = System.nanoTime() + TIMEOUT.toNanos();
    while (p.responder().phase() != Phase.REGISTERED && System.nanoTime() < bobWaitDeadline) {
      Thread.onSpinWait();
    }
    bobMayAnswer.countDown();
    assertInstanceOf(PerunException.class, bobsAnswer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
        "bob can no longer sign the staged update" + seedInfo());
    assertEquals(0, p.proposer().state().version(), "carol's staged version 1 was dropped" + seedInfo());
    settleBoth(p.proposer(), p.responder());
    assertEquals(FUNDS, setup.onChainBalance(carol), "version 0 is what settles" + seedInfo());
    assertEquals(FUNDS, setup.onChainBalance(bob), seedInfo());
  }

  @Test
  public void refutationLandsEvenWhenSeenLateInTheChallengePeriod() throws Exception {
    Duel d = duel();
    Transaction stale = d.malloryChannel().transaction();
    d.malloryChannel().update(pay(1, 0, 7), TIMEOUT);
    registerDirectly(d.mallory(), d.malloryChannel(), stale);
    // The event is processed with one second of the window left (plus what a wall-clock chain moves on by itself
    // before the refutation is mined).
    setup.advanceChainTime(CHALLENGE - 1 - setup.clockDrift());
    awaitRegistered(d.carol(), d.carolChannel().id(), 1);
    settleBoth(d.carolChannel(), d.malloryChannel());
    assertEquals(FUNDS.add(BigInteger.valueOf(7)), setup.onChainBalance(d.carol()), seedInfo());
    assertEquals(FUNDS.subtract(BigInteger.valueOf(7)), setup.onChainBalance(d.mallory()), seedInfo());
  }
}
