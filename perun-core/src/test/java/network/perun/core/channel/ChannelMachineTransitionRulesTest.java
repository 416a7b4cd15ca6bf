// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.NoApp;
import network.perun.api.Params;
import network.perun.api.PaymentApp;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.StateTransitionException;
import network.perun.api.SubAlloc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The rules of {@code init}, {@code update}/{@code validTransition} and {@code setProgressing}, one per test. */
class ChannelMachineTransitionRulesTest {
  private final ChannelFixture f = ChannelFixture.paymentApp(2);
  /** ACTING at version 3. */
  private final ChannelMachine acting = f.machineIn(Phase.ACTING, 0, false, false);
  private final State current = acting.state();

  private static StateTransitionException refused(Executable e, String expectedMessagePart) {
    StateTransitionException ex = assertThrows(StateTransitionException.class, e);
    assertTrue(ex.getMessage().contains(expectedMessagePart), "expected \"" + expectedMessagePart + "\" in: " + ex.getMessage());
    return ex;
  }

  /** Asserts that {@code next} by {@code actor} is refused by update and by validTransition, naming the bad value. */
  private void refusedUpdate(State next, int actor, String expectedMessagePart) {
    refused(() -> acting.update(next, actor, f.app), expectedMessagePart);
    refused(() -> acting.validTransition(next, actor, f.app), expectedMessagePart);
    assertEquals(Phase.ACTING, acting.phase());
    assertEquals(Optional.empty(), acting.staging());
  }

  // ---- create / init ----

  @Test
  void createChecksTheOwnIndex() {
    assertEquals(Phase.INIT_ACTING, f.created(1).phase());
    InvalidValueException low = assertThrows(InvalidValueException.class, () -> f.created(-1));
    assertTrue(low.getMessage().contains("-1"), low.getMessage());
    InvalidValueException high = assertThrows(InvalidValueException.class, () -> f.created(2));
    assertTrue(high.getMessage().contains("0..1, got 2"), high.getMessage());
  }

  @Test
  void initStagesTheVersionZeroState() {
    ChannelMachine m = f.created(0).init(f.allocation(0), Bytes.EMPTY, f.app);
    assertEquals(Phase.INIT_SIGNING, m.phase());
    assertEquals(Optional.empty(), m.current());
    State s = m.stagingState().orElseThrow();
    assertEquals(new State(f.id, 0, f.allocation(0), Optional.of(ChannelFixture.PAYMENT_APP_ID), Bytes.EMPTY, false), s);
    assertFalse(m.staging().orElseThrow().hasSignature(0));
    assertFalse(m.staging().orElseThrow().hasSignature(1));
  }

  @Test
  void initRefusesAnAllocationWithOtherParticipants() {
    Allocation three = Allocation.of(List.of(ChannelFixture.ASSET_A), Balances.ofSingleAsset(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE));
    refused(() -> f.created(0).init(three, Bytes.EMPTY, f.app), "initial allocation has 3 participants, the channel has 2");
  }

  @Test
  void initRefusesLockedFunds() {
    SubAlloc sub = new SubAlloc(ChannelId.of(new byte[32]), List.of(BigInteger.TEN, BigInteger.ONE), List.of());
    Allocation locked = new Allocation(List.of(ChannelFixture.ASSET_A, ChannelFixture.ASSET_B), f.balances(0), List.of(sub));
    refused(() -> f.created(0).init(locked, Bytes.EMPTY, f.app), "must not lock funds, got 1 sub-allocations");
  }

  @Test
  void initAsksTheAppToValidateTheInitialState() {
    refused(() -> f.created(0).init(f.allocation(0), Bytes.of(new byte[] {1, 2}), f.app), "payment app carries no data, got 2 bytes");
  }

  @Test
  void initAndUpdateRefuseAnAppOtherThanTheChannels() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> f.created(0).init(f.allocation(0), Bytes.EMPTY, NoApp.INSTANCE));
    assertTrue(e.getMessage().contains("NoApp is not the channel's app"), e.getMessage());
    PaymentApp other = new PaymentApp(new AppId(Bytes.fromHex("bb")));
    assertThrows(InvalidValueException.class, () -> acting.update(f.next(current), 0, other));
  }

  // ---- validTransition ----

  @Test
  void aValidUpdateIsStaged() {
    State next = f.next(current);
    acting.validTransition(next, 0, f.app);
    ChannelMachine signing = acting.update(next, 0, f.app);
    assertEquals(Phase.SIGNING, signing.phase());
    assertEquals(Optional.of(next), signing.stagingState());
    assertEquals(current, signing.state(), "the current state stays until the update is enabled");
  }

  @Test
  void actorMustBeAParticipant() {
    refusedUpdate(f.next(current), 2, "actor index must be in 0..1, got 2");
    refusedUpdate(f.next(current), -1, "actor index must be in 0..1, got -1");
  }

  @Test
  void stateMustBelongToTheChannel() {
    ChannelId other = ChannelId.fromHex("ff".repeat(32));
    State foreign = new State(other, 4, f.allocation(4), current.app(), Bytes.EMPTY, false);
    refusedUpdate(foreign, 0, "state belongs to channel ffffffff");
  }

  @Test
  void appMustStayTheSame() {
    State otherApp = new State(f.id, 4, f.allocation(4), Optional.of(new AppId(Bytes.fromHex("cc"))), Bytes.EMPTY, false);
    refusedUpdate(otherApp, 0, "app must stay app 0x");
    State noApp = new State(f.id, 4, f.allocation(4), Optional.empty(), Bytes.EMPTY, false);
    refusedUpdate(noApp, 0, "got no app");
  }

  @Test
  void finalStateCannotBeAdvanced() {
    ChannelMachine fin = f.machineIn(Phase.FINAL, 0, false, false);
    refused(() -> fin.validTransition(f.next(fin.state()), 0, f.app), "current version 3 is final and cannot be updated");
    ChannelMachine registeredFinal = fin.setRegistered();
    refused(() -> registeredFinal.setProgressing(f.next(registeredFinal.state())), "current version 3 is final");
  }

  @Test
  void versionMustBeCurrentPlusOne() {
    refusedUpdate(f.next(current).withVersion(7), 0, "version must be 4 (current 3 + 1), got 7");
    refusedUpdate(f.next(current).withVersion(3), 0, "version must be 4 (current 3 + 1), got 3");
    refusedUpdate(f.next(current).withVersion(5), 0, "got 5");
  }

  @Test
  void allocationMustHaveOneColumnPerParticipant() {
    Balances three = Balances.of(List.of(
        List.of(BigInteger.valueOf(96), BigInteger.valueOf(104), BigInteger.ZERO),
        List.of(BigInteger.valueOf(50), BigInteger.valueOf(50), BigInteger.ZERO)));
    refusedUpdate(f.next(current).withBalances(three), 0, "allocation must have 2 participants, got 3");
  }

  @Test
  void assetsMustStayTheSame() {
    Asset otherB = new Asset(0, Bytes.fromHex("0000000000000003"));
    State swapped = f.next(current).withAllocation(Allocation.of(List.of(ChannelFixture.ASSET_A, otherB), f.balances(4)));
    refusedUpdate(swapped, 0, "assets must stay");
    State reordered = f.next(current).withAllocation(Allocation.of(List.of(ChannelFixture.ASSET_B, ChannelFixture.ASSET_A), f.balances(4)));
    refusedUpdate(reordered, 0, "assets must stay");
    State oneAsset = f.next(current).withAllocation(Allocation.of(List.of(ChannelFixture.ASSET_A),
        Balances.ofSingleAsset(BigInteger.valueOf(96), BigInteger.valueOf(104))));
    refusedUpdate(oneAsset, 0, "assets must stay");
  }

  @Test
  void lockedFundsMustStayTheSame() {
    // Moving 10 of asset A and 0 of B from participant 0 into a sub-channel keeps the sums but changes Locked.
    SubAlloc sub = new SubAlloc(ChannelId.fromHex("11".repeat(32)), List.of(BigInteger.TEN, BigInteger.ZERO), List.of());
    Balances lowered = f.balances(4).with(0, 0, BigInteger.valueOf(86));
    State locking = f.next(current).withAllocation(new Allocation(List.of(ChannelFixture.ASSET_A, ChannelFixture.ASSET_B), lowered, List.of(sub)));
    assertEquals(current.allocation().sums(), locking.allocation().sums(), "precondition: equal sums");
    refusedUpdate(locking, 0, "locked funds must stay [], got [SubAlloc[id=0x1111");
  }

  @Test
  void sumsMustStayTheSame() {
    State minted = f.next(current).withBalances(f.balances(4).with(0, 1, BigInteger.valueOf(114)));
    refusedUpdate(minted, 0, "sum of asset 0 (locked funds included) must stay 200, got 210");
    State burned = f.next(current).withBalances(f.balances(4).with(1, 0, BigInteger.valueOf(49)));
    refusedUpdate(burned, 0, "sum of asset 1 (locked funds included) must stay 100, got 99");
  }

  @Test
  void theAppHasTheLastWord() {
    // The generic rules pass, but under the payment app actor 1 may not take participant 0's funds.
    State next = f.next(current);
    refusedUpdate(next, 1, "payment app: actor 1 lowered participant 0's balance of asset 0 from 97 to 96");
    // Without an app the same transition is fine.
    ChannelFixture plain = ChannelFixture.noApp(2);
    ChannelMachine m = plain.machineIn(Phase.ACTING, 0, false, false);
    assertEquals(Phase.SIGNING, m.update(plain.next(m.state()), 1, plain.app).phase());
  }

  @Test
  void validTransitionNeedsACurrentState() {
    ChannelMachine init = f.created(0);
    PhaseTransitionException e = assertThrows(PhaseTransitionException.class, () -> init.validTransition(f.state(1, false), 0, f.app));
    assertTrue(e.getMessage().contains("no state is fully signed yet"), e.getMessage());
  }

  // ---- setProgressing / setProgressed ----

  @Test
  void progressingChecksTheGenericRulesButNotTheApp() {
    ChannelMachine registered = acting.setRegistered();
    // Actor 1 taking participant 0's funds breaks the payment app, but only the adjudicator enforces app rules.
    ChannelMachine progressing = registered.setProgressing(f.next(current));
    assertEquals(Phase.PROGRESSING, progressing.phase());
    refused(() -> registered.setProgressing(f.next(current).withVersion(9)), "version must be 4 (current 3 + 1), got 9");
    refused(() -> registered.setProgressing(f.next(current).withBalances(f.balances(4).with(0, 0, BigInteger.ZERO))),
        "sum of asset 0 (locked funds included) must stay 200, got 104");
  }

  @Test
  void progressedRefusesATransactionOfAnotherChannel() {
    ChannelMachine registered = acting.setRegistered();
    ChannelFixture other = ChannelFixture.paymentApp(3);
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> registered.setProgressed(other.fullySigned(other.state(4, false))));
    assertTrue(e.getMessage().contains("progressed state belongs to channel " + other.id.shortHex()), e.getMessage());
  }

  @Test
  void paramsOfTheFixtureAreDistinctPerSize() {
    // Guards the fixture: channels of different sizes must not share an ID, or the tests above prove nothing.
    Params p2 = ChannelFixture.paymentApp(2).params;
    Params p3 = ChannelFixture.paymentApp(3).params;
    assertFalse(p2.equals(p3));
    assertFalse(ChannelFixture.paymentApp(2).id.equals(ChannelFixture.paymentApp(3).id));
  }
}
