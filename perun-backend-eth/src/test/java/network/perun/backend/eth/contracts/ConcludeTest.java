// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * conclude (spec 6 cases 37-44 and 85) of one TrivialApp channel and one app-less channel, each funded with A 10
 * and B 20 and registered at version 3 with balances [15, 15].
 */
class ConcludeTest extends ContractTestBase {
  final Params appChannel = appParams(1);
  final Params plainChannel = ledgerParams(2);
  final State appState = state(appChannel, 3, 15, 15);
  final State plainState = state(plainChannel, 3, 15, 15);
  long appRegistered;
  long plainRegistered;

  @BeforeEach
  void fundAndRegister() {
    for (Params p : List.of(appChannel, plainChannel)) {
      depositEth(p.channelId(), A, BigInteger.TEN);
      depositEth(p.channelId(), B, BigInteger.valueOf(20));
    }
    appRegistered = chain.timestamp(register(appChannel, appState));
    plainRegistered = chain.timestamp(register(plainChannel, plainState));
  }

  TransactionReceipt conclude(Params p, State s) {
    return chain.send(DEPLOYER, adjudicator, Calls.conclude(p, s, List.of()));
  }

  String concludeFails(Params p, State s) {
    return chain.revertReason(DEPLOYER, adjudicator, Calls.conclude(p, s, List.of()));
  }

  void assertPaidOut(Params p) {
    assertTrue(settled(ethHolder, p.channelId()));
    assertEquals(BigInteger.valueOf(15), holdingsOf(ethHolder, p.channelId(), A));
    assertEquals(BigInteger.valueOf(15), holdingsOf(ethHolder, p.channelId(), B));
  }

  @Test
  @EdgeCase(37)
  void concludeDuringTheDisputeFailsForBoth() {
    assertEquals("timeout not passed yet", concludeFails(appChannel, appState));
    assertEquals("timeout not passed yet", concludeFails(plainChannel, plainState));
  }

  @Test
  @EdgeCase(38)
  void theAppChannelStillNeedsTheForceExecutionWindowAfterOneDuration() {
    anvil.setNextBlockTimestamp(appRegistered + DURATION);
    assertEquals("timeout not passed yet", concludeFails(appChannel, appState));
  }

  @Test
  @EdgeCase(39)
  void concludeOfANonLedgerChannelFails() {
    anvil.setNextBlockTimestamp(plainRegistered + DURATION);
    assertEquals("not ledger", concludeFails(plainChannel.withLedger(false), plainState));
  }

  @Test
  @EdgeCase(40)
  void thePlainChannelConcludesAfterOneDuration() {
    anvil.setNextBlockTimestamp(plainRegistered + DURATION);
    TransactionReceipt receipt = conclude(plainChannel, plainState);
    assertEquals(List.of(ChannelUpdate.of(plainChannel.channelId(), 3, CONCLUDED, plainRegistered + DURATION)),
        channelUpdates(receipt));
    assertEquals(CONCLUDED, dispute(plainChannel.channelId()).phase());
    assertPaidOut(plainChannel);
  }

  @Test
  @EdgeCase(41)
  void concludeWithAlteredParticipantsFails() {
    anvil.setNextBlockTimestamp(plainRegistered + DURATION);
    assertEquals("invalid params",
        concludeFails(plainChannel.withParticipants(List.of(part(A), part(C))), plainState));
  }

  @Test
  @EdgeCase(42)
  void concludeWithAnotherVersionFails() {
    anvil.setNextBlockTimestamp(plainRegistered + DURATION);
    assertEquals("invalid state", concludeFails(plainChannel, plainState.withVersion(4)));
  }

  @Test
  @EdgeCase(43)
  void theAppChannelConcludesAfterTwoDurations() {
    anvil.setNextBlockTimestamp(appRegistered + 2 * DURATION);
    TransactionReceipt receipt = conclude(appChannel, appState);
    assertEquals(List.of(ChannelUpdate.of(appChannel.channelId(), 3, CONCLUDED, appRegistered + 2 * DURATION)),
        channelUpdates(receipt));
    assertPaidOut(appChannel);
  }

  @Test
  @EdgeCase(44)
  void aSecondConcludeFails() {
    anvil.setNextBlockTimestamp(plainRegistered + DURATION);
    conclude(plainChannel, plainState);
    assertEquals("already concluded", concludeFails(plainChannel, plainState));
  }

  @Test
  @EdgeCase(85)
  void anAppChannelWithoutProgressNeedsExactlyTwoDurations() {
    anvil.setNextBlockTimestamp(appRegistered + 2 * DURATION - 1);
    assertEquals("timeout not passed yet", concludeFails(appChannel, appState));
    assertFalse(settled(ethHolder, appChannel.channelId()));
    anvil.setNextBlockTimestamp(appRegistered + 2 * DURATION);
    conclude(appChannel, appState);
    assertEquals(CONCLUDED, dispute(appChannel.channelId()).phase());
  }
}
