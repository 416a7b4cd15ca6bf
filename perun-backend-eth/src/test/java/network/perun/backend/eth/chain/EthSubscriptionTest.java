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
import java.util.Optional;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.SubscriptionClosedException;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthChannelBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events are delivered only when two blocks deep, a log removed by a reorg never arrives, and a subscription replays the past. */
class EthSubscriptionTest {
  private static final EthChannelBackend CHANNELS = new EthChannelBackend();
  private static EthChainFixture fx;
  private static long nonce = 1000;

  @BeforeAll
  static void startChain() throws InterruptedException {
    fx = new EthChainFixture(2);
  }

  @AfterAll
  static void stopChain() {
    if (fx != null) {
      fx.close();
    }
  }

  private AdjudicatorRequest registrationRequest() {
    EthAccount alice = fx.dev.get(1);
    EthAccount bob = fx.dev.get(2);
    Params params = Params.ledger(60, List.of(alice.address(), bob.address()), Optional.empty(), BigInteger.valueOf(nonce++));
    ChannelId id = CHANNELS.channelId(params);
    State state = new State(id, 1, Allocation.of(List.of(fx.eth().toAsset()), Balances.ofSingleAsset(ETHER, ETHER)), Optional.empty(), Bytes.EMPTY, false);
    Transaction tx = Transaction.unsigned(state).withSignature(0, CHANNELS.sign(alice, state)).withSignature(1, CHANNELS.sign(bob, state));
    return new AdjudicatorRequest(id, params, alice, tx, 0, false);
  }

  /** Registers without waiting for the second confirmation: the sender waits for 2, so send with a 1-confirmation chain. */
  private void registerMinedOnce(AdjudicatorRequest req) throws InterruptedException {
    EthChain oneConfirmation = new EthChain(fx.rpc, fx.contracts.adjudicator(), new EthChain.Settings(1, Duration.ofMillis(10), Duration.ofSeconds(20),
        1.25, fx.contracts.block(), 60, Duration.ZERO, java.util.Set.of()));
    oneConfirmation.adjudicator(fx.dev.get(1), fx.dev.get(1).address()).register(req, List.of());
  }

  @Test
  void anEventArrivesOnlyOnceItsBlockIsTwoDeep() throws InterruptedException {
    AdjudicatorRequest req = registrationRequest();
    try (AdjudicatorSubscription sub = fx.chain.adjudicator(fx.dev.get(2), fx.dev.get(2).address()).subscribe(req.channelId())) {
      registerMinedOnce(req);
      assertEquals(Optional.empty(), sub.next(Duration.ZERO), "one block deep: not yet");
      fx.anvil.mine();
      AdjudicatorEvent.Registered event = assertInstanceOf(AdjudicatorEvent.Registered.class, sub.next(Duration.ZERO).orElseThrow());
      assertEquals(req.transaction().state(), event.state());
      assertEquals(1, event.version());
    }
  }

  @Test
  void aLogRemovedByAReorgIsNeverDelivered() throws InterruptedException {
    AdjudicatorRequest req = registrationRequest();
    try (AdjudicatorSubscription sub = fx.chain.adjudicator(fx.dev.get(2), fx.dev.get(2).address()).subscribe(req.channelId())) {
      registerMinedOnce(req);
      assertTrue(fx.chain.dispute(req.channelId()).isPresent(), "registered in the latest block");
      fx.rpc.raw().call("anvil_rollback", List.of(1));
      assertTrue(fx.chain.dispute(req.channelId()).isEmpty(), "the reorg removed the registration");
      fx.anvil.mine();
      fx.anvil.mine();
      fx.anvil.mine();
      assertEquals(Optional.empty(), sub.next(Duration.ZERO), "the removed log is not delivered");
    }
  }

  @Test
  void aLateSubscriberGetsTheLatestPastEventFirst() throws InterruptedException {
    AdjudicatorRequest req = registrationRequest();
    registerMinedOnce(req);
    fx.anvil.mine();
    try (AdjudicatorSubscription sub = fx.chain.adjudicator(fx.dev.get(2), fx.dev.get(2).address()).subscribe(req.channelId())) {
      AdjudicatorEvent first = sub.next(Duration.ZERO).orElseThrow();
      assertEquals(req.transaction().state(), assertInstanceOf(AdjudicatorEvent.Registered.class, first).state());
      assertEquals(Optional.empty(), sub.next(Duration.ZERO));
      sub.close();
      assertThrows(SubscriptionClosedException.class, () -> sub.next(Duration.ZERO));
    }
  }
}
