// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static network.perun.backend.sim.chain.ChainFixture.D;
import static network.perun.backend.sim.chain.ChainFixture.ETH;
import static network.perun.backend.sim.chain.ChainFixture.START;
import static network.perun.backend.sim.chain.ChainFixture.big;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import org.junit.jupiter.api.Test;

/**
 * concludeFinal (edge cases 17-25), conclude (37-44) and the timeout table of section 2.6 with cases 84 and 85 of
 * the Ethereum backend spec.
 */
class SimChainConcludeTest {
  private final ChainFixture f = new ChainFixture();
  private final Address sender = f.alice.address();

  // ------------------------------------------------------------------------------------------ concludeFinal

  private final Params plain = f.params(false);
  private final State fin = f.state(plain, 5, 30, 10).withFinal(true);

  @Test
  void case17_concludeFinalWithAWrongChannelIdIsInvalidParams() {
    Params other = f.params(false);
    f.assertRefused("invalid params", () -> f.chain.concludeFinal(sender, other, fin, f.sigs(other, fin)));
  }

  @Test
  void case18_concludeFinalOnANonLedgerChannelIsRefused() {
    Params sub = f.params(D, f.parts(), false, false, false);
    State s = f.state(sub, 5, 30, 10).withFinal(true);
    f.assertRefused("not ledger", () -> f.chain.concludeFinal(sender, sub, s, f.sigs(sub, s)));
  }

  @Test
  void case19_concludeFinalWithANonFinalStateIsRefused() {
    State notFinal = fin.withFinal(false);
    f.assertRefused("state not final", () -> f.chain.concludeFinal(sender, plain, notFinal, f.sigs(plain, notFinal)));
  }

  @Test
  void case20_concludeFinalWithABadSignatureIsRefused() {
    List<Signature> sigs = List.of(f.backend.sign(f.alice, fin), f.backend.sign(f.alice, fin));
    f.assertRefused("invalid signature", () -> f.chain.concludeFinal(sender, plain, fin, sigs));
  }

  @Test
  void case20b_swappedSignatureOrderIsRefused() {
    List<Signature> sigs = f.sigs(plain, fin);
    f.assertRefused("invalid signature", () -> f.chain.concludeFinal(sender, plain, fin, List.of(sigs.get(1), sigs.get(0))));
  }

  @Test
  void case21_concludeFinalWithLockedFundsHasSubChannels() {
    Params child = f.params(D, f.parts(), false, false, false);
    State locked = fin.withAllocation(new Allocation(List.of(ETH), ChainFixture.bals(20, 10), List.of(ChainFixture.lock(f.id(child), 10))));
    f.assertRefused("has sub-channels", () -> f.chain.concludeFinal(sender, plain, locked, f.sigs(plain, locked)));
  }

  @Test
  void case22_concludeFinalConcludesAtOnceAndSetsTheHoldings() {
    f.fund(plain, f.state(plain, 0, 20, 20));
    f.chain.concludeFinal(sender, plain, fin, f.sigs(plain, fin));
    Dispute d = f.chain.dispute(f.id(plain)).orElseThrow();
    assertEquals(DisputePhase.CONCLUDED, d.phase());
    assertEquals(START, d.timeout());
    assertEquals(big(30), f.chain.holdings(f.id(plain), f.alice.address(), ETH));
    assertEquals(big(10), f.chain.holdings(f.id(plain), f.bob.address(), ETH));
    assertTrue(f.chain.isSettled(f.id(plain), ETH));
    assertInstanceOf(DisputeEvent.Concluded.class, f.chain.lastEvent(f.id(plain)).orElseThrow());
  }

  @Test
  void case23_aSecondConcludeFinalIsRefused() {
    f.chain.concludeFinal(sender, plain, fin, f.sigs(plain, fin));
    f.assertRefused("concluded already", () -> f.chain.concludeFinal(f.bob.address(), plain, fin, f.sigs(plain, fin)));
  }

  @Test
  void case24_concludeFinalWithALowerVersionOverridesTheDispute() {
    f.register(plain, f.state(plain, 9, 20, 20));
    f.chain.concludeFinal(sender, plain, fin, f.sigs(plain, fin));
    Dispute d = f.chain.dispute(f.id(plain)).orElseThrow();
    assertEquals(DisputePhase.CONCLUDED, d.phase());
    assertEquals(5, d.version());
  }

  @Test
  void case25_concludeFinalWithAHigherVersionOverridesTheDispute() {
    f.register(plain, f.state(plain, 2, 20, 20));
    f.chain.concludeFinal(sender, plain, fin, f.sigs(plain, fin));
    assertEquals(5, f.chain.dispute(f.id(plain)).orElseThrow().version());
    assertEquals(DisputePhase.CONCLUDED, f.chain.dispute(f.id(plain)).orElseThrow().phase());
  }

  @Test
  void concludeFinalOverridesForceExecution() {
    Params app = f.params(true);
    State v1 = f.state(app, 1, 20, 20);
    f.register(app, v1);
    f.clock.advance(D);
    State v2 = f.state(app, 2, 25, 15);
    f.chain.progress(sender, app, v1, v2, 0, f.backend.sign(f.alice, v2));
    State finalApp = f.state(app, 3, 10, 30).withFinal(true);
    f.chain.concludeFinal(sender, app, finalApp, f.sigs(app, finalApp));
    assertEquals(3, f.chain.dispute(f.id(app)).orElseThrow().version());
  }

  // ------------------------------------------------------------------------------------------ conclude

  private final Params withApp = f.params(true);
  private final Params noApp = f.params(false);
  private final State appState = f.state(withApp, 4, 12, 8);
  private final State noAppState = f.state(noApp, 4, 12, 8);

  private void fundAndRegisterBoth() {
    f.fund(withApp, f.state(withApp, 0, 10, 10));
    f.fund(noApp, f.state(noApp, 0, 10, 10));
    f.register(withApp, appState);
    f.register(noApp, noAppState);
  }

  @Test
  void case37_concludeDuringTheDisputeIsRefusedForBoth() {
    fundAndRegisterBoth();
    f.clock.advance(D - 1);
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, withApp, appState, List.of()));
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, noApp, noAppState, List.of()));
  }

  @Test
  void case38_anAppChannelStillNeedsTheForceExecutionWindow() {
    fundAndRegisterBoth();
    f.clock.advance(D);
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, withApp, appState, List.of()));
    f.clock.advance(D - 1);
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, withApp, appState, List.of()));
  }

  @Test
  void case39_concludeOfANonLedgerChannelIsRefused() {
    fundAndRegisterBoth();
    f.clock.advance(2 * D);
    Params notLedger = new Params(noApp.challengeDuration(), noApp.participants(), noApp.app(), noApp.nonce(), false, false, noApp.aux());
    f.assertRefused("not ledger", () -> f.chain.conclude(sender, notLedger, noAppState, List.of()));
  }

  @Test
  void case40_aNoAppChannelConcludesAfterOneDurationAndSetsTheHoldings() {
    fundAndRegisterBoth();
    f.clock.advance(D);
    f.chain.conclude(f.bob.address(), noApp, noAppState, List.of());
    Dispute d = f.chain.dispute(f.id(noApp)).orElseThrow();
    assertEquals(DisputePhase.CONCLUDED, d.phase());
    assertEquals(START + D, d.timeout());
    assertEquals(big(12), f.chain.holdings(f.id(noApp), f.alice.address(), ETH));
    assertEquals(big(8), f.chain.holdings(f.id(noApp), f.bob.address(), ETH));
    assertEquals(SimTransaction.Kind.CONCLUDE, f.chain.transactions().get(f.chain.transactions().size() - 1).kind());
    assertEquals(f.bob.address(), f.chain.transactions().get(f.chain.transactions().size() - 1).sender());
  }

  @Test
  void case41_concludeWithAlteredParticipantsIsInvalidParams() {
    fundAndRegisterBoth();
    f.clock.advance(D);
    Params altered = new Params(noApp.challengeDuration(), List.of(f.alice.address(), f.carol.address()), noApp.app(), noApp.nonce(), true, false, noApp.aux());
    f.assertRefused("invalid params", () -> f.chain.conclude(sender, altered, noAppState, List.of()));
  }

  @Test
  void case42_concludeWithAnotherVersionIsInvalidState() {
    fundAndRegisterBoth();
    f.clock.advance(D);
    f.assertRefused("invalid state", () -> f.chain.conclude(sender, noApp, f.state(noApp, 5, 12, 8), List.of()));
    f.assertRefused("invalid state", () -> f.chain.conclude(sender, noApp, f.state(noApp, 4, 13, 7), List.of()));
  }

  @Test
  void case43_anAppChannelConcludesAfterTwoDurations() {
    fundAndRegisterBoth();
    f.clock.advance(2 * D);
    f.chain.conclude(sender, withApp, appState, List.of());
    Dispute d = f.chain.dispute(f.id(withApp)).orElseThrow();
    assertEquals(DisputePhase.CONCLUDED, d.phase());
    assertEquals(START + 2 * D, d.timeout(), "the skipped force-execution window is added to the record");
    assertEquals(big(12), f.chain.holdings(f.id(withApp), f.alice.address(), ETH));
  }

  @Test
  void case44_aSecondConcludeIsAlreadyConcluded() {
    fundAndRegisterBoth();
    f.clock.advance(D);
    f.chain.conclude(sender, noApp, noAppState, List.of());
    f.assertRefused("already concluded", () -> f.chain.conclude(f.bob.address(), noApp, noAppState, List.of()));
  }

  @Test
  void concludeOfAnUnregisteredChannelIsRefused() {
    f.assertRefused("not registered", () -> f.chain.conclude(sender, noApp, noAppState, List.of()));
  }

  @Test
  void concludeWithAnOutcomeOfTheWrongWidthIsRefusedByTheAssetHolder() {
    State wide = new State(f.id(noApp), 4, Allocation.of(List.of(ETH), ChainFixture.bals(5, 5, 5)), noApp.app(), network.perun.api.Bytes.EMPTY, false);
    f.register(noApp, wide); // the adjudicator stores it: it never checks the width when registering
    f.clock.advance(D);
    f.assertRefused("participants length should equal balances", () -> f.chain.conclude(sender, noApp, wide, List.of()));
  }

  // ------------------------------------------------------------------------------------------ timeouts (2.6)

  @Test
  void timeoutTable_noAppChannelRefutesBeforeAndConcludesFromRegPlusD() {
    Params p = f.params(false);
    State v1 = f.state(p, 1, 5, 5);
    f.register(p, v1);
    f.clock.advance(D - 1);
    State v2 = f.state(p, 2, 6, 4);
    f.register(p, v2); // refute inside [reg, reg+d)
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, p, v2, List.of()));
    f.clock.advance(1);
    f.assertRefused("refutation timeout passed", () -> f.register(p, f.state(p, 3, 7, 3)));
    f.chain.conclude(sender, p, v2, List.of());
    assertEquals(DisputePhase.CONCLUDED, f.chain.dispute(f.id(p)).orElseThrow().phase());
  }

  @Test
  void timeoutTable_appChannelProgressesFromRegPlusD() {
    Params p = f.params(true);
    State v1 = f.state(p, 1, 5, 5);
    f.register(p, v1);
    State v2 = f.state(p, 2, 6, 4);
    f.clock.advance(D - 1);
    f.assertRefused("timeout not passed", () -> f.chain.progress(sender, p, v1, v2, 0, f.backend.sign(f.alice, v2)));
    f.clock.advance(1);
    f.chain.progress(sender, p, v1, v2, 0, f.backend.sign(f.alice, v2));
    assertEquals(DisputePhase.FORCEEXEC, f.chain.dispute(f.id(p)).orElseThrow().phase());
  }

  @Test
  void case84_eachProgressResetsTheTimeoutToNowPlusD() {
    Params p = f.params(true);
    State v1 = f.state(p, 1, 5, 5);
    f.register(p, v1);
    f.clock.advance(D + 7);
    State v2 = f.state(p, 2, 6, 4);
    f.chain.progress(sender, p, v1, v2, 0, f.backend.sign(f.alice, v2));
    assertEquals(START + D + 7 + D, f.chain.dispute(f.id(p)).orElseThrow().timeout());
    f.clock.advance(D - 1); // last second of the window: a further move is allowed
    State v3 = f.state(p, 3, 7, 3);
    f.chain.progress(sender, p, v2, v3, 1, f.backend.sign(f.bob, v3));
    long lastProgress = f.clock.now();
    assertEquals(lastProgress + D, f.chain.dispute(f.id(p)).orElseThrow().timeout());
    f.clock.advance(D - 1);
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, p, v3, List.of()));
    f.clock.advance(1);
    State v4 = f.state(p, 4, 8, 2);
    f.assertRefused("timeout passed", () -> f.chain.progress(sender, p, v3, v4, 0, f.backend.sign(f.alice, v4)));
    f.chain.conclude(sender, p, v3, List.of()); // >= lastProgress + d: no extra window after a progress
    Dispute d = f.chain.dispute(f.id(p)).orElseThrow();
    assertEquals(lastProgress + D, d.timeout());
    assertEquals(3, d.version());
  }

  @Test
  void case85_anAppChannelNeedsTwoDurationsWhenNobodyProgressed() {
    Params p = f.params(true);
    State v1 = f.state(p, 1, 5, 5);
    f.register(p, v1);
    assertEquals(START + 2 * D, f.chain.dispute(f.id(p)).orElseThrow().concludableAt());
    f.clock.advanceTo(START + 2 * D - 1);
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, p, v1, List.of()));
    f.clock.advanceTo(START + 2 * D);
    f.chain.conclude(sender, p, v1, List.of());
  }

  @Test
  void timeoutTable_finalAppStateStillGetsTheExtraDurationAtConclude() {
    Params p = f.params(true);
    State fin1 = f.state(p, 1, 5, 5).withFinal(true);
    f.register(p, fin1);
    Dispute d = f.chain.dispute(f.id(p)).orElseThrow();
    assertEquals(START, d.timeout());
    assertEquals(START + D, d.concludableAt());
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, p, fin1, List.of()));
    f.clock.advance(D);
    f.chain.conclude(sender, p, fin1, List.of());
  }

  @Test
  void timeoutTable_finalNoAppStateConcludesAtOnceAfterRegister() {
    Params p = f.params(false);
    State fin1 = f.state(p, 1, 5, 5).withFinal(true);
    f.register(p, fin1);
    f.chain.conclude(sender, p, fin1, List.of());
    assertEquals(DisputePhase.CONCLUDED, f.chain.dispute(f.id(p)).orElseThrow().phase());
  }
}
