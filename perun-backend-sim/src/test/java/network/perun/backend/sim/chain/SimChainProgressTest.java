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
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.chain.AdjudicatorException;
import network.perun.backend.sim.SimAsset;
import org.junit.jupiter.api.Test;

/** progress: edge cases 45-64 of the Ethereum backend spec, section 6, from a registered v4 state, actor 0. */
class SimChainProgressTest {
  private final ChainFixture f = new ChainFixture();
  private final Address sender = f.alice.address();
  private final Params params = f.params(true);
  private final State v4 = f.state(params, 4, 10, 10);
  private final State v5 = f.state(params, 5, 12, 8);

  SimChainProgressTest() {
    f.fund(params, v4);
    f.register(params, v4);
  }

  private Signature aliceSig(State s) {
    return f.backend.sign(f.alice, s);
  }

  private void afterTimeout() {
    f.clock.advance(D);
  }

  @Test
  void case45_progressBeforeTheTimeoutIsRefused() {
    f.assertRefused("timeout not passed", () -> f.chain.progress(sender, params, v4, v5, 0, aliceSig(v5)));
  }

  @Test
  void case46_progressOfAnUnregisteredChannelIsRefused() {
    Params other = f.params(true);
    State o4 = f.state(other, 4, 10, 10);
    State o5 = f.state(other, 5, 12, 8);
    afterTimeout();
    f.assertRefused("not registered", () -> f.chain.progress(sender, other, o4, o5, 0, aliceSig(o5)));
  }

  @Test
  void case47_paramsOfAnotherRegisteredChannelAreInvalidParams() {
    Params other = f.params(true);
    f.register(other, f.state(other, 4, 10, 10));
    afterTimeout();
    f.assertRefused("invalid params", () -> f.chain.progress(sender, other, v4, v5, 0, aliceSig(v5)));
  }

  @Test
  void case48_aSignatureByANonParticipantIsInvalid() {
    afterTimeout();
    f.assertRefused("invalid signature", () -> f.chain.progress(sender, params, v4, v5, 0, f.backend.sign(f.carol, v5)));
  }

  @Test
  void case49_actorOneWithoutItsSignatureIsInvalid() {
    afterTimeout();
    f.assertRefused("invalid signature", () -> f.chain.progress(sender, params, v4, v5, 1, aliceSig(v5)));
  }

  @Test
  void case49b_aSignatureOfTheOldStateIsInvalid() {
    afterTimeout();
    f.assertRefused("invalid signature", () -> f.chain.progress(sender, params, v4, v5, 0, aliceSig(v4)));
  }

  @Test
  void case50_actorIndexOutOfRange() {
    afterTimeout();
    f.assertRefused("actorIdx out of range", () -> f.chain.progress(sender, params, v4, v5, 2, aliceSig(v5)));
    f.assertRefused("actorIdx out of range", () -> f.chain.progress(sender, params, v4, v5, -1, aliceSig(v5)));
  }

  @Test
  void case51_versionMustIncrementByOne() {
    afterTimeout();
    State v6 = f.state(params, 6, 12, 8);
    f.assertRefused("version must increment by one", () -> f.chain.progress(sender, params, v4, v6, 0, aliceSig(v6)));
    State same = f.state(params, 4, 12, 8);
    f.assertRefused("version must increment by one", () -> f.chain.progress(sender, params, v4, same, 0, aliceSig(same)));
  }

  @Test
  void case52_anotherNumberOfBalanceRowsIsABalancesLengthMismatch() {
    afterTimeout();
    Balances two = Balances.of(List.of(List.of(big(12), big(8)), List.of(big(0), big(0))));
    State next = v5.withAllocation(Allocation.of(List.of(ETH, TOKEN), two));
    f.assertRefused("balances length mismatch", () -> f.chain.progress(sender, params, v4, next, 0, aliceSig(next)));
  }

  @Test
  void case53_emptyAssetsCannotBeBuilt() {
    // "assets length mismatch" needs as many balance rows as before but another number of assets; an
    // Allocation ties rows to assets and needs at least one, so no such state exists.
    assertThrows(InvalidValueException.class, () -> Allocation.of(List.of(), Balances.zeros(1, 2)));
    assertThrows(InvalidValueException.class, () -> Allocation.of(List.of(ETH, TOKEN), Balances.zeros(1, 2)));
  }

  @Test
  void case54_aRaisedBalanceIsASumOfBalancesMismatch() {
    afterTimeout();
    State next = f.state(params, 5, 11, 10);
    f.assertRefused("sum of balances mismatch", () -> f.chain.progress(sender, params, v4, next, 0, aliceSig(next)));
  }

  @Test
  void case55_anAddedLockedEntryIsASubAllocLengthMismatch() {
    afterTimeout();
    Params child = f.params(D, f.parts(), false, false, false);
    State next = v5.withAllocation(new Allocation(List.of(ETH), ChainFixture.bals(10, 8), List.of(ChainFixture.lock(f.id(child), 2))));
    f.assertRefused("SubAlloc[]: unequal length", () -> f.chain.progress(sender, params, v4, next, 0, aliceSig(next)));
  }

  @Test
  void case56_aChangedAssetHolderIsUnequalEthHolder() {
    afterTimeout();
    State next = v5.withAllocation(Allocation.of(List.of(SimAsset.of(99)), ChainFixture.bals(12, 8)));
    f.assertRefused("unequal ethHolder", () -> f.chain.progress(sender, params, v4, next, 0, aliceSig(next)));
    State otherBackend = v5.withAllocation(Allocation.of(List.of(new Asset(7, ETH.bytes())), ChainFixture.bals(12, 8)));
    f.assertRefused("unequal chainID", () -> f.chain.progress(sender, params, v4, otherBackend, 0, aliceSig(otherBackend)));
  }

  @Test
  void case57_aWrongParticipantCountInTheNewBalances() {
    afterTimeout();
    State next = v5.withAllocation(Allocation.of(List.of(ETH), ChainFixture.bals(10, 5, 5)));
    f.assertRefused("new balances length mismatch", () -> f.chain.progress(sender, params, v4, next, 0, aliceSig(next)));
  }

  @Test
  void case58_aChannelWithoutAppMustHaveApp() {
    Params noApp = f.params(false);
    State n4 = f.state(noApp, 4, 10, 10);
    State n5 = f.state(noApp, 5, 12, 8);
    f.register(noApp, n4);
    afterTimeout();
    f.assertRefused("must have app", () -> f.chain.progress(sender, noApp, n4, n5, 0, aliceSig(n5)));
  }

  @Test
  void case59_aValidMoveForceExecutesAndTheNextMoveToo() {
    afterTimeout();
    f.chain.progress(sender, params, v4, v5, 0, aliceSig(v5));
    Dispute d = f.chain.dispute(f.id(params)).orElseThrow();
    assertEquals(DisputePhase.FORCEEXEC, d.phase());
    assertEquals(5, d.version());
    assertEquals(v5, d.state());
    DisputeEvent.Progressed e = assertInstanceOf(DisputeEvent.Progressed.class, f.chain.lastEvent(f.id(params)).orElseThrow());
    assertEquals(v5, e.state());
    assertEquals(0, e.actorIndex());
    State v6 = f.state(params, 6, 15, 5);
    f.chain.progress(f.bob.address(), params, v5, v6, 1, f.backend.sign(f.bob, v6));
    assertEquals(6, f.chain.dispute(f.id(params)).orElseThrow().version());
    assertFalse(f.chain.isSettled(f.id(params), ETH), "progress never settles");
  }

  @Test
  void case60_theSameMoveTwiceIsAWrongOldState() {
    afterTimeout();
    f.chain.progress(sender, params, v4, v5, 0, aliceSig(v5));
    f.assertRefused("wrong old state", () -> f.chain.progress(sender, params, v4, v5, 0, aliceSig(v5)));
  }

  @Test
  void case61_progressAfterTheForceExecutionTimeoutIsRefused() {
    afterTimeout();
    f.chain.progress(sender, params, v4, v5, 0, aliceSig(v5));
    f.clock.advance(D);
    State v6 = f.state(params, 6, 15, 5);
    f.assertRefused("timeout passed", () -> f.chain.progress(sender, params, v5, v6, 0, aliceSig(v6)));
  }

  @Test
  void case62_progressAfterConcludeIsInvalidPhase() {
    f.clock.advance(2 * D);
    f.chain.conclude(sender, params, v4, List.of());
    f.assertRefused("invalid phase", () -> f.chain.progress(sender, params, v4, v5, 0, aliceSig(v5)));
  }

  @Test
  void case63_aRegisteredOldStateOfTheWrongWidth() {
    Params p = f.params(true);
    State wide = new State(f.id(p), 4, Allocation.of(List.of(ETH), ChainFixture.bals(5, 5, 5)), p.app(), Bytes.EMPTY, false);
    f.register(p, wide);
    afterTimeout();
    State next = new State(f.id(p), 5, Allocation.of(List.of(ETH), ChainFixture.bals(6, 4, 5)), p.app(), Bytes.EMPTY, false);
    f.assertRefused("old balances length mismatch", () -> f.chain.progress(sender, p, wide, next, 0, aliceSig(next)));
  }

  @Test
  void case64_progressFromARegisteredFinalState() {
    Params p = f.params(true);
    State fin = f.state(p, 4, 10, 10).withFinal(true);
    f.register(p, fin);
    State next = f.state(p, 5, 12, 8);
    f.assertRefused("cannot progress from final state", () -> f.chain.progress(sender, p, fin, next, 0, aliceSig(next)));
  }

  @Test
  void theAppsOwnReasonRefusesAnInvalidMove() {
    afterTimeout();
    State forbidden = v5.withData(ChainFixture.FORBIDDEN);
    f.assertRefused("test app: forbidden move by 0", () -> f.chain.progress(sender, params, v4, forbidden, 0, aliceSig(forbidden)));
  }

  @Test
  void anAppTheChainDoesNotKnowRefusesEveryMove() {
    SimChain bare = new SimChain(f.backend, f.clock);
    bare.register(sender, f.signed(params, v4), List.of());
    afterTimeout();
    long before = bare.transactions().size();
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> bare.progress(sender, params, v4, v5, 0, aliceSig(v5)));
    assertTrue(e.getMessage().startsWith("app call failed: unknown app"), e.getMessage());
    assertEquals(before, bare.transactions().size());
  }

  @Test
  void aProgressToAFinalStateIsConcludableAtOnce() {
    afterTimeout();
    State fin5 = v5.withFinal(true);
    f.chain.progress(sender, params, v4, fin5, 0, aliceSig(fin5));
    assertEquals(f.clock.now(), f.chain.dispute(f.id(params)).orElseThrow().timeout());
    f.chain.conclude(sender, params, fin5, List.of());
    assertEquals(BigInteger.valueOf(12), f.chain.holdings(f.id(params), f.alice.address(), ETH));
  }
}
