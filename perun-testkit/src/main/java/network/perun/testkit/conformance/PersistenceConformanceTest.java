// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import network.perun.api.AppRegistry;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.SignedState;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.ProgressRequest;
import network.perun.api.message.ChannelSync;
import network.perun.api.message.ChannelUpdateAcc;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelFundingException;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.PeerRejectedException;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.RequestTimeoutException;
import network.perun.core.client.UpdateHandler;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.InMemoryChannelStore;
import network.perun.persistence.spi.PersistedChannel;
import org.junit.jupiter.api.Test;

/**
 * Restart and recovery scenarios (go-perun's Petra/Robert, plus the sync protocol go-perun never runs): clients
 * shut down mid-channel, restore from their stores, and continue; an update interrupted by a crash or a lost
 * acceptance is finished by the sync on reconnect, never forked.
 */
public abstract class PersistenceConformanceTest extends ClientConformanceBase {
  /**
   * A store for one party that survives the party's client being closed and rebuilt; {@code reopen} gives the
   * same data through a fresh store object (for durable stores, a reopened directory).
   */
  protected ChannelStore newStore(String party) {
    return new InMemoryChannelStore();
  }

  /** Closes {@code store} and opens its data again, as a process restart would. */
  protected ChannelStore reopen(String party, ChannelStore store) {
    store.close();
    return ((InMemoryChannelStore) store).reopen();
  }

  private Client client(Party party, ChannelStore store, ProposalHandler proposals, List<Channel> restoredSink) {
    return harness.client(party, setup.transport(), proposals, UpdateHandler.acceptAll(), new AppRegistry(), store, restoredSink::add);
  }

  @Test
  public void petraAndRobertRestartMidChannelAndSettle() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    ChannelStore petraStore = newStore("petra");
    ChannelStore robertStore = newStore("robert");
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    List<Channel> seen = new CopyOnWriteArrayList<>();
    Client petraClient = client(petra, petraStore, ProposalHandler.rejectAll("-"), seen);
    Client robertClient = client(robert, robertStore, acceptInto(robert, robertsChannel), seen);
    Pair p = open(petraClient, petra, robert, robertsChannel);
    p.proposer().update(pay(0, 1, 3), TIMEOUT);
    p.responder().update(pay(1, 0, 1), TIMEOUT);
    State before = p.proposer().state();
    assertEquals(2, before.version(), seedInfo());

    petraClient.close();
    robertClient.close();
    PersistedChannel stored = petraStore.load(p.proposer().id()); // read before the "process" ends
    assertEquals(before, stored.current().orElseThrow().state(), "petra persisted the latest state" + seedInfo());
    assertEquals(Phase.ACTING, stored.phase(), seedInfo());
    assertEquals(List.of(petra.identity(), robert.identity()), stored.peers(), "the peers are persisted" + seedInfo());

    ChannelStore petraAgain = reopen("petra", petraStore);
    ChannelStore robertAgain = reopen("robert", robertStore);
    List<Channel> restored = new CopyOnWriteArrayList<>();
    Client petra2 = client(petra, petraAgain, ProposalHandler.rejectAll("-"), restored);
    Client robert2 = client(robert, robertAgain, ProposalHandler.rejectAll("-"), restored);
    List<Channel> petras = petra2.restore();
    List<Channel> roberts = robert2.restore();
    assertEquals(1, petras.size(), seedInfo());
    assertEquals(1, roberts.size(), seedInfo());
    assertEquals(2, restored.size(), "onNewChannel fired for each restored channel" + seedInfo());
    Channel pc = petras.get(0);
    Channel rc = roberts.get(0);
    assertEquals(before, pc.state(), seedInfo());
    assertEquals(before, rc.state(), seedInfo());
    assertTrue(pc.isWatching(), "the watcher restarts with the channel" + seedInfo());

    pc.update(pay(0, 1, 2), TIMEOUT);
    pc.updateFinal(TIMEOUT);
    pc.settle(TIMEOUT, false);
    rc.settle(TIMEOUT, true);
    assertEquals(FUNDS.subtract(BigInteger.valueOf(4)), setup.onChainBalance(petra), seedInfo());
    assertEquals(FUNDS.add(BigInteger.valueOf(4)), setup.onChainBalance(robert), seedInfo());
    assertTrue(petraAgain.find(pc.id()).isEmpty(), "a withdrawn channel leaves the store" + seedInfo());
  }

  @Test
  public void settleOnAChannelRestoredWhileWithdrawingRunsAlongsideTheResumedSettlement() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    ChannelStore petraStore = newStore("petra");
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    Client petraClient = client(petra, petraStore, ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    client(robert, newStore("robert"), acceptInto(robert, robertsChannel), new CopyOnWriteArrayList<>());
    Pair p = open(petraClient, petra, robert, robertsChannel);
    p.proposer().update(pay(0, 1, 3), TIMEOUT);
    p.proposer().updateFinal(TIMEOUT);
    petraClient.close();
    // Petra died while withdrawing: her store says WITHDRAWING, and the restore resumes the settlement by itself.
    PersistedChannel stored = petraStore.load(p.proposer().id());
    petraStore.save(stored.withState(Phase.WITHDRAWING, stored.current(), Optional.empty()));

    // The resumed settlement withdraws first; the user's settle, started meanwhile, finishes after it.
    SecondWithdrawalWaits gate = new SecondWithdrawalWaits(petra.adjudicator());
    Party petraAgain = new Party(petra.name(), petra.identity(), petra.wallet(), petra.address(), petra.funder(), gate);
    Client petra2 = client(petraAgain, reopen("petra", petraStore), ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    Channel pc = petra2.restore().get(0);
    gate.channel.set(pc);
    assertTrue(gate.first.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the restore resumed the withdrawal" + seedInfo());
    pc.settle(TIMEOUT, true); // the user waits for the settlement: it must not trip over the resumed one
    assertEquals(Phase.WITHDRAWN, pc.phase(), seedInfo());
    assertEquals(2, gate.calls.get(), "both settlements withdrew" + seedInfo());
    p.responder().settle(TIMEOUT, true);
    assertEquals(FUNDS.subtract(BigInteger.valueOf(3)), setup.onChainBalance(petra), seedInfo());
    assertEquals(FUNDS.add(BigInteger.valueOf(3)), setup.onChainBalance(robert), seedInfo());
  }

  /** An adjudicator whose first withdrawal waits for a second one, which then waits until the channel is withdrawn. */
  private static final class SecondWithdrawalWaits implements Adjudicator {
    final Adjudicator inner;
    final CountDownLatch first = new CountDownLatch(1);
    final CountDownLatch second = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Channel> channel = new AtomicReference<>();

    SecondWithdrawalWaits(Adjudicator inner) {
      this.inner = inner;
    }

    @Override
    public void register(AdjudicatorRequest request, List<SignedState> subChannels) throws InterruptedException {
      inner.register(request, subChannels);
    }

    @Override
    public void withdraw(AdjudicatorRequest request, Map<ChannelId, State> subStates) throws InterruptedException {
      if (calls.incrementAndGet() == 1) {
        first.countDown();
        if (!second.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("no second withdrawal");
        }
      } else {
        second.countDown();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (channel.get().phase() != Phase.WITHDRAWN && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      }
      inner.withdraw(request, subStates);
    }

    @Override
    public void progress(ProgressRequest request) throws InterruptedException {
      inner.progress(request);
    }

    @Override
    public AdjudicatorSubscription subscribe(ChannelId channelId) {
      return inner.subscribe(channelId);
    }
  }

  @Test
  public void crashAfterTheInitialStateIsSignedButBeforeOurSignatureLeftIsFinishedBySyncOnRestart() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    ChannelStore petraStore = newStore("petra");
    HoldingTransport petraWire = new HoldingTransport(setup.transport());
    petraWire.hold(env -> env.message() instanceof ChannelUpdateAcc acc && acc.version() == 0);
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    Client petraClient = harness.client(petra, petraWire, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll(), new AppRegistry(), petraStore, c -> {});
    client(robert, newStore("robert"), acceptInto(robert, robertsChannel), new CopyOnWriteArrayList<>());

    // Petra holds the initial state fully signed and funds; her own signature never reached Robert, who waits for it.
    Future<Channel> opening = harness.async(() -> petraClient.proposeChannel(
        network.perun.core.client.ChannelProposal.ledger(robert.identity(), petra.address(), allocation(DEPOSIT, DEPOSIT), 60), TIMEOUT));
    assertTrue(petraWire.awaitHeld(1, TIMEOUT.toMillis()), seedInfo());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (petraStore.channels().stream().noneMatch(c -> c.phase() == Phase.FUNDING) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Phase.FUNDING, petraStore.channels().get(0).phase(), "petra enabled the initial state" + seedInfo());
    petraClient.close(); // she dies; the signature she held back is lost
    opening.cancel(true);

    Client petra2 = client(petra, reopen("petra", petraStore), ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    Channel pc = petra2.restore().get(0);
    Channel rc = robertsChannel.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (pc.phase() == Phase.FUNDING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Phase.ACTING, pc.phase(), "the resumed funding completed" + seedInfo());
    assertEquals(pc.id(), rc.id(), seedInfo());
    pc.update(pay(0, 1, 2), TIMEOUT);
    assertEquals(1, rc.state().version(), "the channel goes on" + seedInfo());
  }

  @Test
  public void fundingResumedAfterARestartDepositsTheAgreedAmountsNotTheInitialBalances() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    ChannelStore petraStore = newStore("petra");
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    // Petra's first life ends before she deposits anything: her store keeps the channel in FUNDING.
    Party petraDying = petra.withFunder(request -> {
      throw new PerunException("petra died before depositing");
    });
    Client petraClient = client(petraDying, petraStore, ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    client(robert, newStore("robert"), acceptInto(robert, robertsChannel), new CopyOnWriteArrayList<>());

    // Both start with 10 in the channel, but Petra deposits 15 of the 20 and Robert 5.
    Balances agreement = Balances.ofSingleAsset(DEPOSIT.add(BigInteger.valueOf(5)), DEPOSIT.subtract(BigInteger.valueOf(5)));
    ChannelProposal proposal = ChannelProposal.ledger(robert.identity(), petra.address(), allocation(DEPOSIT, DEPOSIT), 60).withFundingAgreement(agreement);
    ChannelFundingException failed = assertThrows(ChannelFundingException.class, () -> petraClient.proposeChannel(proposal, TIMEOUT), seedInfo());
    ChannelId id = failed.channel().id();
    PersistedChannel stored = petraStore.load(id);
    assertEquals(Phase.FUNDING, stored.phase(), seedInfo());
    assertEquals(Optional.of(agreement), stored.fundingAgreement(), "the agreement is persisted with the channel" + seedInfo());
    petraClient.close();

    ChannelStore petraAgain = reopen("petra", petraStore);
    Client petra2 = client(petra, petraAgain, ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    Channel pc = petra2.restore().get(0);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (pc.phase() == Phase.FUNDING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Phase.ACTING, pc.phase(), "the resumed funding completed with the agreed deposits; petra's on-chain balance is "
        + setup.onChainBalance(petra) + " of " + FUNDS + seedInfo());
    Channel rc = robertsChannel.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(id, rc.id(), seedInfo());
    assertEquals(FUNDS.subtract(agreement.get(0, 0)), setup.onChainBalance(petra), "petra deposited her agreed 15" + seedInfo());
    assertEquals(FUNDS.subtract(agreement.get(0, 1)), setup.onChainBalance(robert), "robert deposited his agreed 5" + seedInfo());
    assertEquals(Optional.of(agreement), petraAgain.load(id).fundingAgreement(), "the restored channel keeps its agreement in the store" + seedInfo());
  }

  @Test
  public void crashDuringAnUpdateIsFinishedBySyncOnRestart() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    ChannelStore petraStore = newStore("petra");
    ChannelStore robertStore = newStore("robert");
    HoldingTransport robertWire = new HoldingTransport(setup.transport());
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    Client petraClient = client(petra, petraStore, ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    harness.client(robert, robertWire, acceptInto(robert, robertsChannel), UpdateHandler.acceptAll(), new AppRegistry(), robertStore, c -> {});
    Pair p = open(petraClient, petra, robert, robertsChannel);

    // Robert accepts version 1, but his acceptance never reaches Petra, who "crashes" while waiting.
    robertWire.hold(env -> env.message() instanceof ChannelUpdateAcc);
    Future<State> inFlight = harness.async(() -> p.proposer().update(pay(0, 1, 4), TIMEOUT));
    assertTrue(robertWire.awaitHeld(1, TIMEOUT.toMillis()), seedInfo());
    assertEquals(1, p.responder().state().version(), "robert enabled version 1" + seedInfo());
    assertEquals(Phase.SIGNING, petraStore.load(p.proposer().id()).phase(), "petra's store holds the signing snapshot" + seedInfo());
    petraClient.close();
    inFlight.cancel(true);
    robertWire.hold(env -> false); // the network heals; the lost acceptance stays lost

    Client petra2 = client(petra, reopen("petra", petraStore), ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    Channel pc = petra2.restore().get(0);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (pc.state().version() < 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(p.responder().state(), pc.state(), "petra adopted robert's version 1 through the sync" + seedInfo());
    assertEquals(Phase.ACTING, pc.phase(), seedInfo());
    pc.update(pay(0, 1, 1), TIMEOUT);
    assertEquals(2, p.responder().state().version(), "the channel goes on" + seedInfo());
  }

  @Test
  public void anUpdateOfAVersionThePeerHoldsIsAnsweredWithItsState() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    ChannelStore petraStore = newStore("petra");
    HoldingTransport robertWire = new HoldingTransport(setup.transport());
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    Client petraClient = client(petra, petraStore, ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    harness.client(robert, robertWire, acceptInto(robert, robertsChannel), UpdateHandler.acceptAll(), new AppRegistry(), newStore("robert"), c -> {});
    Pair p = open(petraClient, petra, robert, robertsChannel);

    // Robert enables version 1, his acceptance is lost, Petra dies; after her restart, his answer to her sync is lost too.
    robertWire.hold(env -> env.message() instanceof ChannelUpdateAcc);
    Future<State> inFlight = harness.async(() -> p.proposer().update(pay(0, 1, 4), TIMEOUT));
    assertTrue(robertWire.awaitHeld(1, TIMEOUT.toMillis()), seedInfo());
    petraClient.close();
    inFlight.cancel(true);
    robertWire.hold(env -> env.message() instanceof ChannelSync);
    Client petra2 = client(petra, reopen("petra", petraStore), ProposalHandler.rejectAll("-"), new CopyOnWriteArrayList<>());
    Channel pc = petra2.restore().get(0);
    assertTrue(robertWire.awaitHeld(2, TIMEOUT.toMillis()), "robert answered petra's sync" + seedInfo());
    robertWire.hold(env -> false);
    assertEquals(0, pc.state().version(), "petra does not know version 1" + seedInfo());

    // Petra proposes version 1 again; Robert, who holds it, rejects the proposal and tells her his state.
    assertThrows(PeerRejectedException.class, () -> pc.update(pay(0, 1, 2), TIMEOUT));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (pc.state().version() < 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(p.responder().state(), pc.state(), "petra adopted robert's version 1" + seedInfo());
    pc.update(pay(0, 1, 1), TIMEOUT);
    assertEquals(2, p.responder().state().version(), "the channel goes on" + seedInfo());
  }

  @Test
  public void lostAcceptanceIsRecoveredBySyncWithoutARestart() throws Exception {
    Party petra = setup.newParty("petra", FUNDS);
    Party robert = setup.newParty("robert", FUNDS);
    HoldingTransport robertWire = new HoldingTransport(setup.transport());
    CompletableFuture<Channel> robertsChannel = new CompletableFuture<>();
    Client petraClient = harness.client(petra, ProposalHandler.rejectAll("-"), UpdateHandler.acceptAll());
    harness.client(robert, robertWire, acceptInto(robert, robertsChannel), UpdateHandler.acceptAll(), new AppRegistry());
    Pair p = open(petraClient, petra, robert, robertsChannel);
    robertWire.hold(env -> env.message() instanceof ChannelUpdateAcc);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> harness.async(() -> p.proposer().update(pay(0, 1, 2), Duration.ofMillis(300))).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(RequestTimeoutException.class, e.getCause(), seedInfo());
    robertWire.hold(env -> false);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (p.proposer().state().version() < 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(p.responder().state(), p.proposer().state(), "the sync after the timeout brought petra to version 1" + seedInfo());
  }
}
