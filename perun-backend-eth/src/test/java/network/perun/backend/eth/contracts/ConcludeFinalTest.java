// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.SubAlloc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * concludeFinal (spec 6 cases 17-25) and the multi-ledger skip of pushOutcome (35-36), on a funded two-party
 * ledger channel without app: A deposited 10, B 20, and the final state v5 pays A 25 and B 5.
 */
class ConcludeFinalTest extends ContractTestBase {
  final Params params = ledgerParams(1);
  final State finalState = state(params, 5, 25, 5).withFinal(true);

  @BeforeEach
  void fund() {
    depositEth(params.channelId(), A, BigInteger.TEN);
    depositEth(params.channelId(), B, BigInteger.valueOf(20));
  }

  TransactionReceipt concludeFinal(Params p, State s) {
    return chain.send(DEPLOYER, adjudicator, Calls.concludeFinal(p, s, sigs(p, s)));
  }

  String concludeFinalFails(Params p, State s, List<byte[]> sigs) {
    return chain.revertReason(DEPLOYER, adjudicator, Calls.concludeFinal(p, s, sigs));
  }

  String concludeFinalFails(Params p, State s) {
    return concludeFinalFails(p, s, sigs(p, s));
  }

  @Test
  @EdgeCase(17)
  void withTheStateOfAnotherChannelFails() {
    State foreign = state(params.withNonce(2), 5, 25, 5).withFinal(true);
    assertEquals("invalid params", concludeFinalFails(params, foreign, sigs(params, foreign)));
  }

  @Test
  @EdgeCase(18)
  void onANonLedgerChannelFails() {
    Params nonLedger = params.withLedger(false);
    assertEquals("not ledger", concludeFinalFails(nonLedger, state(nonLedger, 5, 25, 5).withFinal(true)));
  }

  @Test
  @EdgeCase(19)
  void withANonFinalStateFails() {
    assertEquals("state not final", concludeFinalFails(params, finalState.withFinal(false)));
  }

  @Test
  @EdgeCase(20)
  void withABadSignatureFails() {
    assertEquals("invalid signature",
        concludeFinalFails(params, finalState, List.of(sign(finalState, A), sign(finalState, C))));
  }

  @Test
  @EdgeCase(21)
  void withLockedFundsFails() {
    SubAlloc sub = new SubAlloc(ledgerParams(9).channelId(), wei(1), List.of(0, 1));
    State withSub = finalState.withOutcome(finalState.outcome().withLocked(List.of(sub)));
    assertEquals("has sub-channels", concludeFinalFails(params, withSub));
  }

  @Test
  @EdgeCase(22)
  void aValidFinalStateConcludesAndPaysTheOutcome() {
    TransactionReceipt receipt = concludeFinal(params, finalState);
    long now = chain.timestamp(receipt);
    Dispute d = dispute(params.channelId());
    assertEquals(CONCLUDED, d.phase());
    assertEquals(5, d.version());
    assertEquals(now, d.timeout());
    assertEquals(List.of(ChannelUpdate.of(params.channelId(), 5, CONCLUDED, now)), channelUpdates(receipt));
    assertEquals(List.of(Calls.CHANNEL_UPDATE, Calls.OUTCOME_SET), Chain.topics0(receipt));
    assertTrue(settled(ethHolder, params.channelId()));
    assertEquals(BigInteger.valueOf(25), holdingsOf(ethHolder, params.channelId(), A));
    assertEquals(BigInteger.valueOf(5), holdingsOf(ethHolder, params.channelId(), B));
  }

  @Test
  @EdgeCase(23)
  void aSecondConcludeFinalFails() {
    concludeFinal(params, finalState);
    assertEquals("concluded already", concludeFinalFails(params, finalState));
  }

  @Test
  @EdgeCase(24)
  void overridesARegisteredHigherVersion() {
    register(params, state(params, 9, 10, 20));
    concludeFinal(params, finalState);
    Dispute d = dispute(params.channelId());
    assertEquals(CONCLUDED, d.phase());
    assertEquals(5, d.version());
    assertEquals(BigInteger.valueOf(25), holdingsOf(ethHolder, params.channelId(), A));
  }

  @Test
  @EdgeCase(25)
  void overridesARegisteredLowerVersion() {
    register(params, state(params, 3, 10, 20));
    concludeFinal(params, finalState);
    Dispute d = dispute(params.channelId());
    assertEquals(CONCLUDED, d.phase());
    assertEquals(5, d.version());
    assertEquals(BigInteger.valueOf(5), holdingsOf(ethHolder, params.channelId(), B));
  }

  @Test
  @EdgeCase(35)
  void anAssetOfThisChainIsSettled() {
    assertFalse(settled(ethHolder, params.channelId()));
    concludeFinal(params, finalState);
    assertTrue(settled(ethHolder, params.channelId()));
  }

  @Test
  @EdgeCase(36)
  void anAssetOfAnotherChainIsSkipped() {
    State otherChain = finalState.withOutcome(finalState.outcome()
        .withAssets(List.of(ethAsset().withChainID(CHAIN_ID.add(BigInteger.ONE)))));
    TransactionReceipt receipt = concludeFinal(params, otherChain);
    assertEquals(CONCLUDED, dispute(params.channelId()).phase());
    assertEquals(List.of(Calls.CHANNEL_UPDATE), Chain.topics0(receipt));
    assertFalse(settled(ethHolder, params.channelId()));
    assertEquals(BigInteger.TEN, holdingsOf(ethHolder, params.channelId(), A));
  }
}
