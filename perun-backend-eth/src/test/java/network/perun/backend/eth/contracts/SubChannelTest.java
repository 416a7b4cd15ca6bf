// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.SignedState;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.SubAlloc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Sub-channels (spec 6 cases 26-34) on the funded tree root → {sub0 → {sub1 (final), sub2}, sub3}; the root is a
 * TrivialApp ledger channel, the others are app-less sub-channels of A and B; sub3 maps its participants swapped.
 *
 * <p>Own balances [A, B]: sub1 [1, 2], sub2 [3, 4], sub0 [5, 6], sub3 [7, 8], root [10, 20]. The accumulated
 * outcome is A = 10 + (5 + 1 + 3) + 8 = 27 and B = 20 + (6 + 2 + 4) + 7 = 39, which A and B deposited.
 */
class SubChannelTest extends ContractTestBase {
  final Params rootParams = appParams(1);
  final Params sub0Params = params(11, Abi.ZERO_ADDRESS, false);
  final Params sub1Params = params(12, Abi.ZERO_ADDRESS, false);
  final Params sub2Params = params(13, Abi.ZERO_ADDRESS, false);
  final Params sub3Params = params(14, Abi.ZERO_ADDRESS, false);

  final State sub1 = state(sub1Params, 2, 1, 2).withFinal(true);
  final State sub2 = state(sub2Params, 1, 3, 4);
  final State sub0 = withLocked(state(sub0Params, 1, 5, 6),
      new SubAlloc(sub1Params.channelId(), wei(3), List.of(0, 1)),
      new SubAlloc(sub2Params.channelId(), wei(7), List.of(0, 1)));
  final State sub3 = state(sub3Params, 1, 7, 8);
  final State root = rootState(1, 10, 20);

  State rootState(long version, long a, long b) {
    return withLocked(state(rootParams, version, a, b),
        new SubAlloc(sub0Params.channelId(), wei(21), List.of(0, 1)),
        new SubAlloc(sub3Params.channelId(), wei(15), List.of(1, 0)));
  }

  static State withLocked(State s, SubAlloc... locked) {
    return s.withOutcome(s.outcome().withLocked(List.of(locked)));
  }

  SignedState[] tree() {
    return new SignedState[] {
        signed(sub0Params, sub0), signed(sub1Params, sub1), signed(sub2Params, sub2), signed(sub3Params, sub3)};
  }

  List<State> subStates() {
    return List.of(sub0, sub1, sub2, sub3);
  }

  @BeforeEach
  void fund() {
    depositEth(rootParams.channelId(), A, BigInteger.valueOf(27));
    depositEth(rootParams.channelId(), B, BigInteger.valueOf(39));
  }

  /** Registers the whole tree and returns the block time. */
  long registerTree() {
    return chain.timestamp(register(signed(rootParams, root), tree()));
  }

  @Test
  @EdgeCase(26)
  void registerWithAChildOfOtherAssetsFails() {
    State otherHolder = sub3.withOutcome(sub3.outcome().withAssets(List.of(ethAsset().withEthHolder(addr(9)))));
    SignedState[] subs = tree();
    subs[3] = signed(sub3Params, otherHolder);
    assertEquals("unequal ethHolder", registerFails(signed(rootParams, root), subs));
  }

  @Test
  @EdgeCase(27)
  void registerWithTooFewSubChannelsFails() {
    assertEquals("subChannels too short", registerFails(signed(rootParams, root), tree()[0]));
  }

  @Test
  @EdgeCase(28)
  void registerWithAChildOfAnotherIdFails() {
    SignedState[] t = tree();
    assertEquals("invalid sub-channel id", registerFails(signed(rootParams, root), t[3], t[1], t[2], t[0]));
  }

  @Test
  @EdgeCase(29)
  void registeringTheWholeTreeDepthFirstPutsEveryNodeInDispute() {
    TransactionReceipt receipt = register(signed(rootParams, root), tree());
    long now = chain.timestamp(receipt);
    for (Params p : List.of(rootParams, sub0Params, sub1Params, sub2Params, sub3Params)) {
      Dispute d = dispute(p.channelId());
      assertTrue(d.registered(), "node " + p.nonce());
      assertEquals(DISPUTE, d.phase(), "node " + p.nonce());
    }
    assertEquals(now, dispute(sub1Params.channelId()).timeout(), "a final sub-channel is concludable at once");
    assertEquals(now + DURATION, dispute(sub2Params.channelId()).timeout());
    List<String> order = channelUpdates(receipt).stream().map(ChannelUpdate::channelId).toList();
    assertEquals(List.of(rootParams, sub0Params, sub1Params, sub2Params, sub3Params).stream()
        .map(p -> Abi.hex(p.channelId())).toList(), order);
  }

  @Test
  @EdgeCase(30)
  void progressOfTheRootWithAChangedSubAllocIdFails() {
    long registered = registerTree();
    anvil.setNextBlockTimestamp(registered + DURATION);
    State next = rootState(2, 20, 10);
    List<SubAlloc> locked = new ArrayList<>(next.outcome().locked());
    locked.set(0, locked.get(0).withId(sub2Params.channelId()));
    State changed = next.withOutcome(next.outcome().withLocked(locked));
    assertEquals("SubAlloc: unequal ID", chain.revertReason(DEPLOYER, adjudicator,
        Calls.progress(rootParams, root, changed, 0, sign(changed, A))));
  }

  @Test
  @EdgeCase(31)
  void progressOfTheRootWithIdenticalLockedFundsForceExecutes() {
    long registered = registerTree();
    anvil.setNextBlockTimestamp(registered + DURATION);
    State next = rootState(2, 20, 10);
    chain.send(DEPLOYER, adjudicator, Calls.progress(rootParams, root, next, 0, sign(next, A)));
    Dispute d = dispute(rootParams.channelId());
    assertEquals(FORCEEXEC, d.phase());
    assertEquals(2, d.version());
    assertFalse(settled(ethHolder, rootParams.channelId()));
  }

  @Test
  @EdgeCase(32)
  void concludeWithAWrongChildStateFails() {
    long registered = registerTree();
    anvil.setNextBlockTimestamp(registered + 2 * DURATION);
    assertEquals("invalid subchannel id", chain.revertReason(DEPLOYER, adjudicator,
        Calls.conclude(rootParams, root, List.of(sub0, sub2, sub1, sub3))));
  }

  @Test
  @EdgeCase(33)
  void concludeWithAModifiedChildVersionFails() {
    long registered = registerTree();
    anvil.setNextBlockTimestamp(registered + 2 * DURATION);
    assertEquals("invalid state", chain.revertReason(DEPLOYER, adjudicator,
        Calls.conclude(rootParams, root, List.of(sub0, sub1, sub2.withVersion(2), sub3))));
  }

  @Test
  @EdgeCase(34)
  void concludeOfTheTreeAfterTwoDurationsPaysTheAccumulatedOutcome() {
    long registered = registerTree();
    anvil.setNextBlockTimestamp(registered + 2 * DURATION);
    TransactionReceipt receipt = chain.send(DEPLOYER, adjudicator, Calls.conclude(rootParams, root, subStates()));
    for (Params p : List.of(rootParams, sub0Params, sub1Params, sub2Params, sub3Params)) {
      assertEquals(CONCLUDED, dispute(p.channelId()).phase(), "node " + p.nonce());
    }
    assertEquals(5, channelUpdates(receipt).size());
    assertTrue(settled(ethHolder, rootParams.channelId()));
    assertEquals(BigInteger.valueOf(27), holdingsOf(ethHolder, rootParams.channelId(), A));
    assertEquals(BigInteger.valueOf(39), holdingsOf(ethHolder, rootParams.channelId(), B));
  }

  @Test
  void aVirtualChannelUnderTwoParentsIsConcludedByTheFirstAndAcceptedByTheSecond() {
    Params virtual = params(20, Abi.ZERO_ADDRESS, false).withVirtual(true);
    State child = state(virtual, 3, 4, 6);
    Params left = ledgerParams(21);
    Params right = new Params(rootParams.challengeDuration(), BigInteger.valueOf(22), List.of(part(B), part(A)),
        Abi.ZERO_ADDRESS, true, false);
    State leftState = withLocked(state(left, 1, 1, 1), new SubAlloc(virtual.channelId(), wei(10), List.of(0, 1)));
    State rightState = withLocked(state(right, 1, 1, 1),
        new SubAlloc(virtual.channelId(), wei(10), List.of(1, 0)));
    long t = chain.timestamp(register(signed(left, leftState), signed(virtual, child)));
    TransactionReceipt second = register(signed(right, rightState), signed(virtual, child));
    assertEquals(1, channelUpdates(second).size(), "the child's identical re-registration is silent");
    depositEth(left.channelId(), A, BigInteger.valueOf(5));
    depositEth(left.channelId(), B, BigInteger.valueOf(7));
    depositEth(right.channelId(), A, BigInteger.valueOf(7));
    depositEth(right.channelId(), B, BigInteger.valueOf(5));
    anvil.setNextBlockTimestamp(t + DURATION + 1);
    TransactionReceipt first = chain.send(DEPLOYER, adjudicator, Calls.conclude(left, leftState, List.of(child)));
    assertEquals(2, channelUpdates(first).size());
    TransactionReceipt last = chain.send(DEPLOYER, adjudicator, Calls.conclude(right, rightState, List.of(child)));
    assertEquals(1, channelUpdates(last).size(), "the child is concluded already");
    assertEquals(CONCLUDED, dispute(virtual.channelId()).phase());
    // Left: A 1 + 4, B 1 + 6. Right lists B first; the child maps A (0) to right's index 1.
    assertEquals(BigInteger.valueOf(5), holdingsOf(ethHolder, left.channelId(), A));
    assertEquals(BigInteger.valueOf(7), holdingsOf(ethHolder, left.channelId(), B));
    assertEquals(BigInteger.valueOf(5), holdingsOf(ethHolder, right.channelId(), A));
    assertEquals(BigInteger.valueOf(7), holdingsOf(ethHolder, right.channelId(), B));
  }
}
