// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static network.perun.backend.sim.chain.ChainFixture.D;
import static network.perun.backend.sim.chain.ChainFixture.ETH;
import static network.perun.backend.sim.chain.ChainFixture.TOKEN;
import static network.perun.backend.sim.chain.ChainFixture.big;
import static network.perun.backend.sim.chain.ChainFixture.lock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Bytes;
import network.perun.api.Params;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.chain.AdjudicatorException;
import org.junit.jupiter.api.Test;

/**
 * Sub-channels: edge cases 26-34 of the Ethereum backend spec, section 6, on the tree root -> {sub0 -> {sub1
 * (final), sub2}, sub3}, funded.
 */
class SimChainSubChannelTest {
  private final ChainFixture f = new ChainFixture();
  private final Address sender = f.alice.address();

  private final Params rootP = f.params(true);
  private final Params sub0P = subParams();
  private final Params sub1P = subParams();
  private final Params sub2P = subParams();
  private final Params sub3P = subParams();

  private final State sub1 = f.state(sub1P, 2, 1, 2).withFinal(true);
  private final State sub2 = f.state(sub2P, 3, 3, 4);
  private final State sub0 = state(sub0P, 4, 5, 6, List.of(lock(f.id(sub1P), 3), lock(f.id(sub2P), 7)));
  private final State sub3 = f.state(sub3P, 5, 7, 8);
  private final State root = state(rootP, 6, 10, 20, List.of(lock(f.id(sub0P), 21), lock(f.id(sub3P), 15)));

  SimChainSubChannelTest() {
    f.chain.deposit(f.alice.address(), f.id(rootP), f.alice.address(), ETH, big(33));
    f.chain.deposit(f.bob.address(), f.id(rootP), f.bob.address(), ETH, big(33));
  }

  private Params subParams() {
    return f.params(D, f.parts(), false, false, false);
  }

  private State state(Params p, long version, long a, long b, List<SubAlloc> locked) {
    return new State(f.id(p), version, new Allocation(List.of(ETH), ChainFixture.bals(a, b), locked), p.app(), Bytes.EMPTY, false);
  }

  private List<SignedState> tree() {
    return List.of(f.signed(sub0P, sub0), f.signed(sub1P, sub1), f.signed(sub2P, sub2), f.signed(sub3P, sub3));
  }

  private void registerTree() {
    f.chain.register(sender, f.signed(rootP, root), tree());
  }

  @Test
  void case26_aChildWithOtherAssetsIsRefused() {
    State tokenSub3 = sub3.withAllocation(Allocation.of(List.of(TOKEN), ChainFixture.bals(7, 8)));
    List<SignedState> subs = List.of(f.signed(sub0P, sub0), f.signed(sub1P, sub1), f.signed(sub2P, sub2), f.signed(sub3P, tokenSub3));
    f.assertRefused("unequal ethHolder", () -> f.chain.register(sender, f.signed(rootP, root), subs));
    State twoAssets = sub3.withAllocation(Allocation.of(List.of(ETH, TOKEN), network.perun.api.Balances.of(List.of(List.of(big(7), big(8)), List.of(big(0), big(0))))));
    List<SignedState> subs2 = List.of(f.signed(sub0P, sub0), f.signed(sub1P, sub1), f.signed(sub2P, sub2), f.signed(sub3P, twoAssets));
    f.assertRefused("Asset[]: unequal length", () -> f.chain.register(sender, f.signed(rootP, root), subs2));
  }

  @Test
  void case27_tooFewSubChannels() {
    f.assertRefused("subChannels too short", () -> f.chain.register(sender, f.signed(rootP, root), List.of(f.signed(sub0P, sub0))));
    // the length check compares with the whole array, so a shortfall deeper in the tree panics instead
    List<SignedState> three = tree().subList(0, 3);
    ChainFixture.Snapshot before = f.snapshot();
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> f.chain.register(sender, f.signed(rootP, root), three));
    assertTrue(e.getMessage().startsWith("panic: array out-of-bounds access"), e.getMessage());
    assertEquals(before, f.snapshot());
  }

  @Test
  void case28_aChildIdOtherThanTheSubAllocIdIsRefused() {
    List<SignedState> swapped = List.of(f.signed(sub3P, sub3), f.signed(sub1P, sub1), f.signed(sub2P, sub2), f.signed(sub0P, sub0));
    f.assertRefused("invalid sub-channel id", () -> f.chain.register(sender, f.signed(rootP, root), swapped));
  }

  @Test
  void case28b_aLockedAmountOtherThanTheChildsOutcomeIsRefused() {
    State lying = state(rootP, 6, 10, 21, List.of(lock(f.id(sub0P), 20), lock(f.id(sub3P), 15)));
    f.assertRefused("uint256[]: unequal item", () -> f.chain.register(sender, f.signed(rootP, lying), tree()));
  }

  @Test
  void case29_theWholeTreeRegistersDepthFirst() {
    registerTree();
    for (Params p : List.of(rootP, sub0P, sub1P, sub2P, sub3P)) {
      Dispute d = f.chain.dispute(f.id(p)).orElseThrow();
      assertEquals(DisputePhase.DISPUTE, d.phase(), "phase of " + f.id(p));
      assertEquals(1, f.chain.events(f.id(p)).size());
    }
    assertEquals(f.clock.now(), f.chain.dispute(f.id(sub1P)).orElseThrow().timeout(), "the final sub1 is concludable at once");
    assertEquals(f.clock.now() + D, f.chain.dispute(f.id(sub2P)).orElseThrow().timeout());
  }

  @Test
  void case30_progressOfTheRootWithAChangedSubAllocId() {
    registerTree();
    f.clock.advance(D);
    State next = state(rootP, 7, 10, 20, List.of(lock(f.id(sub2P), 21), lock(f.id(sub3P), 15)));
    f.assertRefused("SubAlloc: unequal ID", () -> f.chain.progress(sender, rootP, root, next, 0, f.backend.sign(f.alice, next)));
  }

  @Test
  void case31_progressOfTheRootWithIdenticalLockedFunds() {
    registerTree();
    f.clock.advance(D);
    State next = state(rootP, 7, 12, 18, root.allocation().locked());
    f.chain.progress(sender, rootP, root, next, 0, f.backend.sign(f.alice, next));
    assertEquals(DisputePhase.FORCEEXEC, f.chain.dispute(f.id(rootP)).orElseThrow().phase());
    assertFalse(f.chain.isSettled(f.id(rootP), ETH));
  }

  @Test
  void case32_concludeWithAWrongChildState() {
    registerTree();
    f.clock.advance(2 * D);
    f.assertRefused("invalid subchannel id", () -> f.chain.conclude(sender, rootP, root, List.of(sub3, sub1, sub2, sub0)));
  }

  @Test
  void case33_concludeWithAModifiedChildVersion() {
    registerTree();
    f.clock.advance(2 * D);
    f.assertRefused("invalid state", () -> f.chain.conclude(sender, rootP, root, List.of(sub0, sub1, sub2.withVersion(9), sub3)));
  }

  @Test
  void case33b_concludeWithTooFewChildStatesPanics() {
    registerTree();
    f.clock.advance(2 * D);
    ChainFixture.Snapshot before = f.snapshot();
    AdjudicatorException e = assertThrows(AdjudicatorException.class, () -> f.chain.conclude(sender, rootP, root, List.of(sub0, sub1, sub2)));
    assertTrue(e.getMessage().startsWith("panic: array out-of-bounds access"), e.getMessage());
    assertEquals(before, f.snapshot());
  }

  @Test
  void case34_concludeOfTheTreeAfterTwoDurationsSetsTheAccumulatedOutcome() {
    registerTree();
    f.clock.advance(2 * D - 1);
    f.assertRefused("timeout not passed yet", () -> f.chain.conclude(sender, rootP, root, List.of(sub0, sub1, sub2, sub3)));
    f.clock.advance(1);
    f.chain.conclude(sender, rootP, root, List.of(sub0, sub1, sub2, sub3));
    for (Params p : List.of(rootP, sub0P, sub1P, sub2P, sub3P)) {
      assertEquals(DisputePhase.CONCLUDED, f.chain.dispute(f.id(p)).orElseThrow().phase());
      assertEquals(2, f.chain.events(f.id(p)).size(), "one registration and one conclusion of " + f.id(p));
    }
    // alice: 10 + sub0 (5 + 1 + 3) + sub3 7 = 26; bob: 20 + (6 + 2 + 4) + 8 = 40
    assertEquals(big(26), f.chain.holdings(f.id(rootP), f.alice.address(), ETH));
    assertEquals(big(40), f.chain.holdings(f.id(rootP), f.bob.address(), ETH));
    assertTrue(f.chain.isSettled(f.id(rootP), ETH));
    assertEquals(1, f.chain.transactions().stream().filter(t -> t.kind() == SimTransaction.Kind.CONCLUDE).count());
  }

  @Test
  void anIndexMapPlacesAVirtualChildsParticipantsInTheParent() {
    Params virtual = f.params(D, f.parts(), false, false, true);
    State v = f.state(virtual, 1, 4, 6);
    Params ledger = f.params(false);
    State parent = new State(f.id(ledger), 1, new Allocation(List.of(ETH), ChainFixture.bals(10, 10),
        List.of(new SubAlloc(f.id(virtual), List.of(big(10)), List.of(1, 0)))), ledger.app(), Bytes.EMPTY, false);
    f.fund(ledger, f.state(ledger, 0, 15, 15));
    f.chain.register(sender, f.signed(ledger, parent), List.of(f.signed(virtual, v)));
    f.clock.advance(D);
    f.chain.conclude(sender, ledger, parent, List.of(v));
    // the child's participant 0 is the parent's participant 1 and vice versa
    assertEquals(big(16), f.chain.holdings(f.id(ledger), f.alice.address(), ETH));
    assertEquals(big(14), f.chain.holdings(f.id(ledger), f.bob.address(), ETH));
  }
}
