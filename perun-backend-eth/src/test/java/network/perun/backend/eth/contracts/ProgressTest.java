// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.SubAlloc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * progress (spec 6 cases 45-64 and 84) from a registered version-4 state [10, 20] of a TrivialApp channel,
 * moved by actor 0 (A) unless a case says otherwise. These are the cases the upstream suite never ran.
 */
class ProgressTest extends ContractTestBase {
  final Params params = appParams(1);
  final State v4 = state(params, 4, 10, 20);
  final State v5 = state(params, 5, 15, 15);
  long registered;

  @BeforeEach
  void registerV4() {
    registered = chain.timestamp(register(params, v4));
  }

  void afterTimeout() {
    anvil.setNextBlockTimestamp(registered + DURATION);
  }

  TransactionReceipt progress(Params p, State from, State to, int actor, int signer) {
    return chain.send(DEPLOYER, adjudicator, Calls.progress(p, from, to, actor, sign(to, signer)));
  }

  String progressFails(Params p, State from, State to, int actor, int signer) {
    return chain.revertReason(DEPLOYER, adjudicator, Calls.progress(p, from, to, actor, sign(to, signer)));
  }

  String progressFails(State to) {
    return progressFails(params, v4, to, 0, A);
  }

  @Test
  @EdgeCase(45)
  void beforeTheTimeoutFails() {
    assertEquals("timeout not passed", progressFails(v5));
  }

  @Test
  @EdgeCase(46)
  void ofAnUnregisteredChannelFails() {
    Params other = appParams(5);
    afterTimeout();
    assertEquals("not registered",
        progressFails(other, state(other, 4, 10, 20), state(other, 5, 15, 15), 0, A));
  }

  @Test
  @EdgeCase(47)
  void withTheParamsOfAnotherRegisteredChannelFails() {
    Params other = appParams(2);
    long otherRegistered = chain.timestamp(register(other, state(other, 4, 10, 20)));
    anvil.setNextBlockTimestamp(Math.max(registered, otherRegistered) + DURATION);
    assertEquals("invalid params", progressFails(other, v4, v5, 0, A));
  }

  @Test
  @EdgeCase(48)
  void signedByANonParticipantFails() {
    afterTimeout();
    assertEquals("invalid signature", progressFails(params, v4, v5, 0, C));
  }

  @Test
  @EdgeCase(49)
  void actor1WithoutItsSignatureFails() {
    afterTimeout();
    assertEquals("invalid signature", progressFails(params, v4, v5, 1, A));
  }

  @Test
  @EdgeCase(50)
  void actorIndexNFails() {
    afterTimeout();
    assertEquals("actorIdx out of range", progressFails(params, v4, v5, 2, A));
  }

  @Test
  @EdgeCase(51)
  void skippingAVersionFails() {
    afterTimeout();
    assertEquals("version must increment by one", progressFails(v5.withVersion(6)));
  }

  @Test
  @EdgeCase(52)
  void emptyBalancesFail() {
    afterTimeout();
    assertEquals("balances length mismatch", progressFails(v5.withBalances(List.of())));
  }

  @Test
  @EdgeCase(53)
  void emptyAssetsFail() {
    afterTimeout();
    assertEquals("assets length mismatch", progressFails(v5.withOutcome(v5.outcome().withAssets(List.of()))));
  }

  @Test
  @EdgeCase(54)
  void anIncreasedBalanceFails() {
    afterTimeout();
    assertEquals("sum of balances mismatch", progressFails(v5.withBalances(List.of(wei(11, 20)))));
  }

  @Test
  @EdgeCase(55)
  void anAddedLockedEntryFails() {
    afterTimeout();
    SubAlloc sub = new SubAlloc(ledgerParams(9).channelId(), wei(0), List.of(0, 1));
    assertEquals("SubAlloc[]: unequal length",
        progressFails(v5.withOutcome(v5.outcome().withLocked(List.of(sub)))));
  }

  @Test
  @EdgeCase(56)
  void aChangedAssetHolderFails() {
    afterTimeout();
    assertEquals("unequal ethHolder",
        progressFails(v5.withOutcome(v5.outcome().withAssets(List.of(ethAsset().withEthHolder(addr(9)))))));
  }

  @Test
  @EdgeCase(57)
  void aWrongParticipantCountInTheNewBalancesFails() {
    afterTimeout();
    assertEquals("new balances length mismatch", progressFails(v5.withBalances(List.of(wei(10, 20, 0)))));
  }

  @Test
  @EdgeCase(58)
  void paramsWithoutAppFail() {
    afterTimeout();
    assertEquals("must have app", progressFails(params.withApp(Abi.ZERO_ADDRESS), v4, v5, 0, A));
  }

  @Test
  @EdgeCase(59)
  void aValidMoveForceExecutesAndTheNextMoveFollows() {
    afterTimeout();
    TransactionReceipt first = progress(params, v4, v5, 0, A);
    long t5 = chain.timestamp(first);
    assertEquals(List.of(ChannelUpdate.of(params.channelId(), 5, FORCEEXEC, t5 + DURATION)),
        channelUpdates(first));
    State v6 = state(params, 6, 20, 10);
    progress(params, v5, v6, 1, B);
    Dispute d = dispute(params.channelId());
    assertEquals(FORCEEXEC, d.phase());
    assertEquals(6, d.version());
  }

  @Test
  @EdgeCase(60)
  void theSameMoveTwiceFails() {
    afterTimeout();
    progress(params, v4, v5, 0, A);
    assertEquals("wrong old state", progressFails(v5));
  }

  @Test
  @EdgeCase(61)
  void afterTheForceExecutionTimeoutFails() {
    afterTimeout();
    long t5 = chain.timestamp(progress(params, v4, v5, 0, A));
    anvil.setNextBlockTimestamp(t5 + DURATION);
    assertEquals("timeout passed", progressFails(params, v5, state(params, 6, 20, 10), 1, B));
  }

  @Test
  @EdgeCase(62)
  void afterConcludeFails() {
    afterTimeout();
    long t5 = chain.timestamp(progress(params, v4, v5, 0, A));
    anvil.setNextBlockTimestamp(t5 + DURATION);
    chain.send(DEPLOYER, adjudicator, Calls.conclude(params, v5, List.of()));
    assertEquals(CONCLUDED, dispute(params.channelId()).phase());
    assertEquals("invalid phase", progressFails(params, v5, state(params, 6, 20, 10), 1, B));
  }

  @Test
  @EdgeCase(63)
  void fromARegisteredStateWithAWrongBalanceDimensionFails() {
    Params other = appParams(3);
    State old = state(other, 4, 10, 20, 0);
    long t = chain.timestamp(register(other, old));
    anvil.setNextBlockTimestamp(t + DURATION);
    assertEquals("old balances length mismatch",
        progressFails(other, old, state(other, 5, 20, 10, 0), 0, A));
  }

  @Test
  @EdgeCase(64)
  void fromARegisteredFinalStateFails() {
    Params other = appParams(4);
    State old = state(other, 4, 10, 20).withFinal(true);
    register(other, old);
    assertEquals("cannot progress from final state",
        progressFails(other, old, state(other, 5, 20, 10), 0, A));
  }

  @Test
  @EdgeCase(84)
  void everyMoveResetsTheTimeoutToNowPlusTheDuration() {
    afterTimeout();
    long t5 = chain.timestamp(progress(params, v4, v5, 0, A));
    assertEquals(t5 + DURATION, dispute(params.channelId()).timeout());
    anvil.setNextBlockTimestamp(t5 + 30);
    TransactionReceipt sixth = progress(params, v5, state(params, 6, 20, 10), 1, B);
    assertEquals(t5 + 30, chain.timestamp(sixth));
    assertEquals(t5 + 30 + DURATION, dispute(params.channelId()).timeout());
    assertEquals(BigInteger.valueOf(DURATION), BigInteger.valueOf(dispute(params.channelId()).challengeDuration()));
  }
}
