// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static network.perun.backend.sim.chain.ChainFixture.D;
import static network.perun.backend.sim.chain.ChainFixture.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import network.perun.api.Allocation;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.chain.AdjudicatorException;
import org.junit.jupiter.api.Test;

/** Register and refute: edge cases 1-16, 83 and 86 of the Ethereum backend spec, section 6. */
class SimChainRegisterTest {
  private final ChainFixture f = new ChainFixture();
  private final Params params = f.params(true);
  private final State v3 = f.state(params, 3, 10, 20);

  @Test
  void case01_registerWithWrongChannelIdIsInvalidParams() {
    Params other = f.params(true);
    State foreign = f.state(other, 3, 10, 20);
    f.assertRefused("invalid params", () -> f.chain.register(f.alice.address(), new SignedState(params, foreign, f.sigs(params, foreign)), List.of()));
  }

  @Test
  void case02_oneOfTwoSignaturesIsASignaturesLengthMismatch() {
    // The SignedState type already refuses it; the chain's own check shows through concludeFinal.
    List<Signature> one = List.of(f.sigs(params, v3).get(0));
    assertThrows(InvalidValueException.class, () -> new SignedState(params, v3, one));
    State fin = v3.withFinal(true);
    f.assertRefused("signatures length mismatch", () -> f.chain.concludeFinal(f.alice.address(), params, fin, List.of(f.sigs(params, fin).get(0))));
  }

  @Test
  void case03_bothSignaturesByParticipantZeroIsInvalidSignature() {
    Signature a = f.backend.sign(f.alice, v3);
    f.assertRefused("invalid signature", () -> f.chain.register(f.alice.address(), new SignedState(params, v3, List.of(a, a)), List.of()));
  }

  @Test
  void case04_registerOfANonLedgerChannelIsRefused() {
    Params sub = f.params(D, f.parts(), true, false, false);
    State s = f.state(sub, 3, 10, 20);
    f.assertRefused("not ledger", () -> f.register(sub, s));
  }

  @Test
  void case05_registerOfAValidStateStartsTheDispute() {
    f.register(params, v3);
    Dispute d = f.chain.dispute(f.id(params)).orElseThrow();
    assertEquals(DisputePhase.DISPUTE, d.phase());
    assertEquals(3, d.version());
    assertEquals(START + D, d.timeout());
    assertEquals(v3, d.state());
    List<DisputeEvent> events = f.chain.events(f.id(params));
    assertEquals(1, events.size());
    DisputeEvent.Registered e = assertInstanceOf(DisputeEvent.Registered.class, events.get(0));
    assertEquals(f.signed(params, v3), e.signedState());
    assertEquals(START + D, e.timeout());
    assertEquals(SimTransaction.Kind.REGISTER, f.chain.transactions().get(f.chain.transactions().size() - 1).kind());
  }

  @Test
  void case06and86_registeringTheSameStateTwiceIsASilentNoOp() {
    f.register(params, v3);
    Dispute first = f.chain.dispute(f.id(params)).orElseThrow();
    f.clock.advance(10);
    f.register(params, v3);
    assertEquals(first, f.chain.dispute(f.id(params)).orElseThrow());
    assertEquals(1, f.chain.events(f.id(params)).size(), "an identical re-register emits no event");
  }

  @Test
  void case07_refuteWithAWrongChannelIdIsInvalidParams() {
    f.register(params, v3);
    Params other = f.params(true);
    State foreign = f.state(other, 4, 10, 20);
    f.assertRefused("invalid params", () -> f.chain.register(f.alice.address(), new SignedState(params, foreign, f.sigs(params, foreign)), List.of()));
  }

  @Test
  void case08_refuteWithALowerVersionIsInvalidVersion() {
    f.register(params, v3);
    f.assertRefused("invalid version", () -> f.register(params, f.state(params, 1, 15, 15)));
  }

  @Test
  void case09_refuteWithABadSignatureIsInvalidSignature() {
    f.register(params, v3);
    State v4 = f.state(params, 4, 15, 15);
    List<Signature> sigs = List.of(f.backend.sign(f.alice, v4), f.backend.sign(f.bob, v3));
    f.assertRefused("invalid signature", () -> f.chain.register(f.bob.address(), new SignedState(params, v4, sigs), List.of()));
  }

  @Test
  void case10and83_refuteWithAHigherVersionKeepsTheTimeout() {
    f.register(params, v3);
    f.clock.advance(D - 1);
    State v4 = f.state(params, 4, 15, 15);
    f.register(params, v4);
    Dispute d = f.chain.dispute(f.id(params)).orElseThrow();
    assertEquals(4, d.version());
    assertEquals(v4, d.state());
    assertEquals(START + D, d.timeout(), "a refutation never extends the window");
    assertEquals(2, f.chain.events(f.id(params)).size());
  }

  @Test
  void case11_refuteWithAMuchHigherVersionKeepsTheTimeout() {
    f.register(params, v3);
    f.clock.advance(5);
    f.register(params, f.state(params, 5, 1, 29));
    assertEquals(START + D, f.chain.dispute(f.id(params)).orElseThrow().timeout());
    assertEquals(5, f.chain.dispute(f.id(params)).orElseThrow().version());
  }

  @Test
  void case12_refuteAfterTheTimeoutIsRefused() {
    f.register(params, v3);
    f.clock.advance(D);
    f.assertRefused("refutation timeout passed", () -> f.register(params, f.state(params, 4, 15, 15)));
  }

  @Test
  void case13_refuteDuringForceExecutionIsIncorrectPhase() {
    f.register(params, v3);
    f.clock.advance(D);
    State v4 = f.state(params, 4, 15, 15);
    f.chain.progress(f.alice.address(), params, v3, v4, 0, f.backend.sign(f.alice, v4));
    f.assertRefused("incorrect phase", () -> f.register(params, f.state(params, 5, 15, 15)));
    // an older version fails the version check first
    f.assertRefused("invalid version", () -> f.register(params, f.state(params, 4, 20, 10)));
  }

  @Test
  void case14_virtualChannelWithAppIsRefused() {
    Params virtualWithApp = f.params(D, f.parts(), true, false, true);
    State s = f.state(virtualWithApp, 1, 5, 5);
    Params ledger = f.params(false);
    State parent = new State(f.id(ledger), 1, new Allocation(List.of(ChainFixture.ETH), ChainFixture.bals(10, 10),
        List.of(new SubAlloc(f.id(virtualWithApp), List.of(ChainFixture.big(10)), List.of(0, 1)))), Optional.empty(), Bytes.EMPTY, false);
    f.assertRefused("cannot have app", () -> f.chain.register(f.alice.address(), f.signed(ledger, parent), List.of(f.signed(virtualWithApp, s))));
  }

  @Test
  void case15_virtualChannelWithLockedFundsIsRefused() {
    Params virtual = f.params(D, f.parts(), false, false, true);
    Params grandChild = f.params(D, f.parts(), false, false, false);
    State v = new State(f.id(virtual), 1, new Allocation(List.of(ChainFixture.ETH), ChainFixture.bals(5, 5),
        List.of(ChainFixture.lock(f.id(grandChild), 0))), Optional.empty(), Bytes.EMPTY, false);
    Params ledger = f.params(false);
    State parent = new State(f.id(ledger), 1, new Allocation(List.of(ChainFixture.ETH), ChainFixture.bals(10, 10),
        List.of(ChainFixture.lock(f.id(virtual), 10))), Optional.empty(), Bytes.EMPTY, false);
    f.assertRefused("funds locked", () -> f.chain.register(f.alice.address(), f.signed(ledger, parent), List.of(f.signed(virtual, v))));
  }

  @Test
  void case16_validVirtualChannelRegistersUnderItsLedgerParent() {
    Params virtual = f.params(D, f.parts(), false, false, true);
    State v = f.state(virtual, 1, 4, 6);
    Params ledger = f.params(false);
    State parent = new State(f.id(ledger), 1, new Allocation(List.of(ChainFixture.ETH), ChainFixture.bals(10, 10),
        List.of(new SubAlloc(f.id(virtual), List.of(ChainFixture.big(10)), List.of(1, 0)))), Optional.empty(), Bytes.EMPTY, false);
    f.chain.register(f.alice.address(), f.signed(ledger, parent), List.of(f.signed(virtual, v)));
    assertEquals(DisputePhase.DISPUTE, f.chain.dispute(f.id(virtual)).orElseThrow().phase());
    assertEquals(DisputePhase.DISPUTE, f.chain.dispute(f.id(ledger)).orElseThrow().phase());
  }

  @Test
  void finalStateRegistersWithTimeoutNowAndCannotBeRefuted() {
    State fin = v3.withFinal(true);
    f.register(params, fin);
    assertEquals(START, f.chain.dispute(f.id(params)).orElseThrow().timeout());
    f.assertRefused("refutation timeout passed", () -> f.register(params, f.state(params, 4, 15, 15)));
  }

  @Test
  void anOversizedChallengeDurationOverflows() {
    Params huge = f.params(Long.MAX_VALUE, f.parts(), false, true, false);
    State s = f.state(huge, 1, 5, 5);
    ChainFixture.Snapshot before = f.snapshot();
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> f.register(huge, s));
    assertTrue(e.getMessage().startsWith("panic: arithmetic overflow"), e.getMessage());
    assertEquals(before, f.snapshot());
  }

}
