// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.StateTransitionException;
import network.perun.api.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole channel lives: opening, updates, final states, disputes, with 2, 3 and 5 participants. */
class ChannelMachineLifecycleTest {
  private static final long SEED = 20251225L;

  @Test
  void twoPartiesOpenUpdateAndCloseCooperatively() {
    ChannelFixture f = ChannelFixture.noApp(2);
    ChannelMachine alice = f.created(0).init(f.allocation(0), Bytes.EMPTY, f.app).sign(f.backend, f.accounts.get(0));
    ChannelMachine bob = f.created(1).init(f.allocation(0), Bytes.EMPTY, f.app).sign(f.backend, f.accounts.get(1));
    alice = alice.addSignature(f.backend, 1, bob.ownStagingSignature().orElseThrow()).enableInit();
    bob = bob.addSignature(f.backend, 0, f.signature(0, f.state(0, false))).enableInit();
    assertEquals(Phase.FUNDING, alice.phase());
    assertEquals(alice.current(), bob.current(), "both hold the same fully signed version 0");
    alice = alice.setFunded();
    bob = bob.setFunded();

    // Alice pays 1, then proposes a final state.
    State v1 = f.next(alice.state());
    alice = alice.update(v1, 0, f.app).sign(f.backend, f.accounts.get(0));
    bob = bob.update(v1, 0, f.app).addSignature(f.backend, 0, alice.ownStagingSignature().orElseThrow()).sign(f.backend, f.accounts.get(1));
    alice = alice.addSignature(f.backend, 1, bob.ownStagingSignature().orElseThrow()).enableUpdate();
    bob = bob.enableUpdate();
    assertEquals(alice.current(), bob.current());
    assertEquals(1, alice.version());

    State fin = f.next(alice.state()).withFinal(true);
    alice = alice.update(fin, 0, f.app).sign(f.backend, f.accounts.get(0));
    bob = bob.update(fin, 0, f.app).addSignature(f.backend, 0, alice.ownStagingSignature().orElseThrow()).sign(f.backend, f.accounts.get(1));
    alice = alice.addSignature(f.backend, 1, bob.ownStagingSignature().orElseThrow()).enableFinal();
    bob = bob.enableFinal();
    assertTrue(alice.isFinal() && bob.isFinal());
    assertEquals(Phase.FINAL, alice.phase());

    ChannelMachine closed = alice.setWithdrawing().setWithdrawn();
    assertEquals(Phase.WITHDRAWN, closed.phase());
    assertEquals(fin, closed.state());
  }

  @Test
  void enableFinalAndEnableUpdateAreNotInterchangeable() {
    ChannelFixture f = ChannelFixture.noApp(2);
    ChannelMachine stagedFinal = f.machineIn(Phase.SIGNING, 0, true, true);
    PhaseTransitionException e1 = assertThrows(PhaseTransitionException.class, stagedFinal::enableUpdate);
    assertTrue(e1.getMessage().contains("staged version 4 is final: use enableFinal"), e1.getMessage());
    assertEquals(Phase.FINAL, stagedFinal.enableFinal().phase());

    ChannelMachine stagedPlain = f.machineIn(Phase.SIGNING, 0, true, false);
    PhaseTransitionException e2 = assertThrows(PhaseTransitionException.class, stagedPlain::enableFinal);
    assertTrue(e2.getMessage().contains("staged version 4 is not final: use enableUpdate"), e2.getMessage());
    assertEquals(Phase.ACTING, stagedPlain.enableUpdate().phase());

    ChannelMachine unsignedFinal = f.machineIn(Phase.SIGNING, 0, false, true);
    PhaseTransitionException e3 = assertThrows(PhaseTransitionException.class, unsignedFinal::enableFinal);
    assertTrue(e3.getMessage().contains("lacks the signatures of participants [0, 1]"), e3.getMessage());
  }

  @Test
  void aFinalStateEndsTheUpdates() {
    ChannelFixture f = ChannelFixture.noApp(2);
    ChannelMachine fin = f.machineIn(Phase.SIGNING, 0, true, true).enableFinal();
    assertThrows(PhaseTransitionException.class, () -> fin.update(f.next(fin.state()), 0, f.app));
    StateTransitionException e = assertThrows(StateTransitionException.class, () -> fin.validTransition(f.next(fin.state()), 0, f.app));
    assertTrue(e.getMessage().contains("current version 4 is final"), e.getMessage());
  }

  @Test
  void discardingAnUpdateKeepsTheCurrentState() {
    ChannelFixture f = ChannelFixture.noApp(2);
    ChannelMachine acting = f.opened(0);
    ChannelMachine signing = acting.update(f.next(acting.state()), 0, f.app).sign(f.backend, f.accounts.get(0));
    ChannelMachine discarded = signing.discardUpdate();
    assertEquals(acting, discarded);
    // The same version may be proposed again afterwards.
    assertEquals(1, discarded.update(f.next(acting.state()), 0, f.app).stagingState().orElseThrow().version());
  }

  @Test
  void disputeWithOnChainProgression() {
    ChannelFixture f = ChannelFixture.paymentApp(2);
    ChannelMachine m = f.opened(1);
    State v1 = f.next(m.state());
    m = f.withPeerSignatures(m.update(v1, 0, f.app)).sign(f.backend, f.accounts.get(1)).enableUpdate();
    // A second update is under way when the peer registers: the half-signed version 2 is dropped.
    m = m.update(f.next(v1), 0, f.app).sign(f.backend, f.accounts.get(1));
    m = m.setRegistering().setRegistered();
    assertEquals(v1, m.state());
    assertEquals(Optional.empty(), m.staging());

    State v2 = f.next(v1);
    m = m.setProgressing(v2).sign(f.backend, f.accounts.get(1));
    Signature ours = m.ownStagingSignature().orElseThrow();
    assertTrue(f.backend.verify(f.accounts.get(1).address(), v2, ours));
    // The watcher reports the progression with only our signature.
    Transaction onChain = Transaction.unsigned(v2).withSignature(1, ours);
    m = m.setProgressed(onChain);
    assertEquals(Phase.PROGRESSED, m.phase());
    assertEquals(v2, m.state());
    assertFalse(m.current().orElseThrow().isFullySigned());
    m = m.setWithdrawing().setWithdrawn();
    assertEquals(Phase.WITHDRAWN, m.phase());
  }

  @Test
  void fundRecoveryRegistersVersionZero() {
    ChannelFixture f = ChannelFixture.noApp(2);
    ChannelMachine funding = f.opened(0);
    funding = ChannelMachine.of(funding.id(), funding.params(), 0, Phase.FUNDING, funding.current(), Optional.empty());
    ChannelMachine registered = funding.setRegistering().setRegistered();
    assertEquals(0, registered.version());
    assertEquals(Phase.WITHDRAWING, registered.setWithdrawing().phase());
  }

  @ParameterizedTest(name = "{0} participants")
  @ValueSource(ints = {3, 5})
  void everySignatureIsNeededBeforeEnabling(int n) {
    ChannelFixture f = ChannelFixture.noApp(n);
    for (int own = 0; own < n; own++) {
      ChannelMachine m = f.created(own).init(f.allocation(0), Bytes.EMPTY, f.app);
      State v0 = m.stagingState().orElseThrow();
      List<Integer> order = new ArrayList<>();
      for (int i = n - 1; i >= 0; i--) {
        order.add(i);
      }
      for (int signer : order) {
        assertThrows(PhaseTransitionException.class, m::enableInit, "own " + own + ", before signer " + signer);
        m = signer == own ? m.sign(f.backend, f.accounts.get(own)) : m.addSignature(f.backend, signer, f.signature(signer, v0));
      }
      m = m.enableInit().setFunded();
      assertEquals(Phase.ACTING, m.phase());

      // An update by the last participant needs all n signatures as well.
      State next = m.state().withBalances(m.state().balances().transfer(0, n - 1, 0, BigInteger.TEN)).withVersion(1);
      m = m.update(next, n - 1, f.app);
      for (int signer = 0; signer < n; signer++) {
        PhaseTransitionException e = assertThrows(PhaseTransitionException.class, m::enableUpdate);
        assertTrue(e.getMessage().contains("lacks the signatures of participants"), e.getMessage());
        m = signer == own ? m.sign(f.backend, f.accounts.get(own)) : m.addSignature(f.backend, signer, f.signature(signer, next));
      }
      m = m.enableUpdate();
      assertEquals(next, m.state(), "own index " + own + " of " + n);
    }
  }

  @ParameterizedTest(name = "{0} participants")
  @ValueSource(ints = {2, 3, 5})
  void randomPaymentsKeepEveryMachineInStep(int n) {
    ChannelFixture f = ChannelFixture.noApp(n);
    Random random = new Random(SEED + n);
    List<ChannelMachine> machines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      machines.add(f.opened(i));
    }
    List<BigInteger> sums = machines.get(0).state().allocation().sums();
    for (int round = 0; round < 20; round++) {
      String where = "seed " + (SEED + n) + ", round " + round;
      State from = machines.get(0).state();
      int actor = random.nextInt(n);
      int payee = random.nextInt(n);
      int asset = random.nextInt(2);
      BigInteger amount = BigInteger.valueOf(random.nextInt(from.balances().get(asset, actor).intValueExact() + 1));
      Balances moved = from.balances().transfer(asset, actor, payee, amount);
      State next = from.withBalances(moved).withVersion(from.version() + 1);

      // A tampered copy (one unit minted) is refused by everyone and changes nothing.
      State minted = next.withBalances(moved.with(asset, payee, moved.get(asset, payee).add(BigInteger.ONE)));
      for (ChannelMachine m : machines) {
        assertThrows(StateTransitionException.class, () -> m.update(minted, actor, f.app), where);
      }

      List<Signature> sigs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        machines.set(i, machines.get(i).update(next, actor, f.app).sign(f.backend, f.accounts.get(i)));
        sigs.add(machines.get(i).ownStagingSignature().orElseThrow());
      }
      for (int i = 0; i < n; i++) {
        ChannelMachine m = machines.get(i);
        for (int j = 0; j < n; j++) {
          if (j != i) {
            m = m.addSignature(f.backend, j, sigs.get(j));
          }
        }
        machines.set(i, m.enableUpdate());
      }
      for (ChannelMachine m : machines) {
        assertEquals(machines.get(0).current(), m.current(), where);
        assertEquals(sums, m.state().allocation().sums(), where);
        assertEquals(round + 1, m.version(), where);
      }
    }
  }
}
