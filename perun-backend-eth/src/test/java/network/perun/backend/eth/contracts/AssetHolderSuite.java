// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.WithdrawalAuth;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The asset holder cases of spec 6 (65-76), shared by the ETH and the ERC20 holder. Dev account 9 plays the
 * adjudicator; the channel's participants are A and B.
 */
abstract class AssetHolderSuite extends ContractTestBase {
  static final int ADJ = 9;
  static final String RECEIVER_A = "0x00000000000000000000000000000000000a11ce";
  static final String RECEIVER_B = "0x0000000000000000000000000000000000000b0b";

  final byte[] channel = ledgerParams(1).channelId();
  final byte[] fidA = Abi.fundingId(channel, addr(A));
  final byte[] fidB = Abi.fundingId(channel, addr(B));

  /** The holder under test, whose adjudicator is dev account {@link #ADJ}. */
  abstract String holder();

  /** Deposits {@code amount} to {@code fundingId}, sent by dev account {@code dev}. */
  abstract TransactionReceipt deposit(int dev, byte[] fundingId, BigInteger amount);

  /** A deposit of {@code amount} with a wrong transaction value; returns the revert reason. */
  abstract String depositWithWrongValueFails(int dev, byte[] fundingId, BigInteger amount);

  /** The revert reason of a deposit with the wrong transaction value. */
  abstract String wrongValueReason();

  /** What {@code owner} holds of the asset. */
  abstract BigInteger balanceOf(String owner);

  BigInteger held(byte[] id) {
    return holdings(holder(), id);
  }

  TransactionReceipt setOutcome(List<BigInteger> balances) {
    return chain.send(ADJ, holder(), Calls.setOutcome(channel, List.of(part(A), part(B)), balances));
  }

  WithdrawalAuth auth(int dev, String receiver, long amount) {
    return new WithdrawalAuth(channel, part(dev), receiver, BigInteger.valueOf(amount));
  }

  TransactionReceipt withdraw(WithdrawalAuth auth, int signer) {
    return chain.send(DEPLOYER, holder(), Calls.withdraw(auth, sign(auth.hash(), signer)));
  }

  String withdrawFails(WithdrawalAuth auth, int signer) {
    return chain.revertReason(DEPLOYER, holder(), Calls.withdraw(auth, sign(auth.hash(), signer)));
  }

  /** A deposits 10 and B 20; the outcome is A 25, B 5. */
  void fundAndSettle() {
    deposit(A, fidA, BigInteger.TEN);
    deposit(B, fidB, BigInteger.valueOf(20));
    setOutcome(wei(25, 5));
  }

  static List<Log> logsWithTopic(TransactionReceipt receipt, String topic0) {
    return receipt.getLogs().stream().filter(l -> l.getTopics().get(0).equals(topic0)).toList();
  }

  @Test
  @EdgeCase(65)
  void depositsCreditTheFundingIdAndAddUp() {
    TransactionReceipt first = deposit(A, fidA, BigInteger.ONE);
    List<Log> deposited = logsWithTopic(first, Calls.DEPOSITED);
    assertEquals(1, deposited.size());
    assertEquals(Abi.hex(fidA), deposited.get(0).getTopics().get(1));
    assertEquals(BigInteger.ONE, Numeric.toBigInt(deposited.get(0).getData()));
    assertEquals(BigInteger.ONE, held(fidA));
    deposit(A, fidA, BigInteger.TWO);
    assertEquals(BigInteger.valueOf(3), held(fidA));
    assertEquals(BigInteger.valueOf(3), balanceOf(holder()));
  }

  @Test
  @EdgeCase(66)
  void aDepositWithTheWrongValueFailsAndChangesNothing() {
    deposit(A, fidA, BigInteger.ONE);
    assertEquals(wrongValueReason(), depositWithWrongValueFails(A, fidA, BigInteger.TEN));
    assertEquals(BigInteger.ONE, held(fidA));
    assertEquals(BigInteger.ONE, balanceOf(holder()));
  }

  @Test
  @EdgeCase(67)
  void withdrawBeforeSettlementFails() {
    deposit(A, fidA, BigInteger.TEN);
    assertEquals("channel not settled", withdrawFails(auth(A, RECEIVER_A, 10), A));
  }

  @Test
  @EdgeCase(68)
  void setOutcomeWithMismatchedLengthsFailsEitherWay() {
    assertEquals("participants length should equal balances", chain.revertReason(ADJ, holder(),
        Calls.setOutcome(channel, List.of(part(A), part(B)), wei(1))));
    assertEquals("participants length should equal balances", chain.revertReason(ADJ, holder(),
        Calls.setOutcome(channel, List.of(part(A)), wei(1, 2))));
    assertFalse(settled(holder(), channel));
  }

  @Test
  @EdgeCase(69)
  void setOutcomeFromAnotherAccountFails() {
    assertEquals("can only be called by the adjudicator", chain.revertReason(DEPLOYER, holder(),
        Calls.setOutcome(channel, List.of(part(A), part(B)), wei(1, 2))));
  }

  @Test
  @EdgeCase(70)
  void setOutcomeSettlesAndOverwritesTheHoldings() {
    deposit(A, fidA, BigInteger.TEN);
    deposit(B, fidB, BigInteger.valueOf(20));
    TransactionReceipt receipt = setOutcome(wei(25, 5));
    assertEquals(List.of(Calls.OUTCOME_SET), Chain.topics0(receipt));
    assertEquals(Abi.hex(channel), receipt.getLogs().get(0).getTopics().get(1));
    assertTrue(settled(holder(), channel));
    assertEquals(BigInteger.valueOf(25), held(fidA));
    assertEquals(BigInteger.valueOf(5), held(fidB));
  }

  @Test
  @EdgeCase(71)
  void aSecondSetOutcomeFails() {
    fundAndSettle();
    assertEquals("trying to set already settled channel", chain.revertReason(ADJ, holder(),
        Calls.setOutcome(channel, List.of(part(A), part(B)), wei(30, 0))));
  }

  @Test
  @EdgeCase(72)
  void aWithdrawalOfASignedByBFails() {
    fundAndSettle();
    assertEquals("signature verification failed", withdrawFails(auth(A, RECEIVER_A, 25), B));
  }

  @Test
  @EdgeCase(73)
  void withdrawingMoreThanTheHoldingsFails() {
    fundAndSettle();
    assertEquals("insufficient funds", withdrawFails(auth(A, RECEIVER_A, 26), A));
  }

  @Test
  @EdgeCase(74)
  void bothParticipantsWithdrawTheirOutcome() {
    fundAndSettle();
    TransactionReceipt receiptA = withdraw(auth(A, RECEIVER_A, 25), A);
    TransactionReceipt receiptB = withdraw(auth(B, RECEIVER_B, 5), B);
    assertEquals(BigInteger.valueOf(25), balanceOf(RECEIVER_A));
    assertEquals(BigInteger.valueOf(5), balanceOf(RECEIVER_B));
    assertEquals(BigInteger.ZERO, held(fidA));
    assertEquals(BigInteger.ZERO, held(fidB));
    assertEquals(BigInteger.ZERO, balanceOf(holder()));
    Log withdrawnA = logsWithTopic(receiptA, Calls.WITHDRAWN).get(0);
    assertEquals(Abi.hex(fidA), withdrawnA.getTopics().get(1));
    byte[] data = Numeric.hexStringToByteArray(withdrawnA.getData());
    assertEquals(BigInteger.valueOf(25), Chain.number(data, 0));
    assertEquals(Numeric.toBigInt(RECEIVER_A), Chain.number(data, 1));
    assertEquals(1, logsWithTopic(receiptB, Calls.WITHDRAWN).size());
  }

  @Test
  @EdgeCase(75)
  void replayingAWithdrawalFails() {
    fundAndSettle();
    withdraw(auth(A, RECEIVER_A, 25), A);
    assertEquals("insufficient funds", withdrawFails(auth(A, RECEIVER_A, 25), A));
    assertEquals(BigInteger.valueOf(25), balanceOf(RECEIVER_A));
  }

  @Test
  @EdgeCase(76)
  void anUnderfundedChannelRefundsTheDeposits() {
    deposit(A, fidA, BigInteger.ONE);
    setOutcome(wei(20, 10));
    assertTrue(settled(holder(), channel));
    assertEquals(BigInteger.ONE, held(fidA));
    assertEquals(BigInteger.ZERO, held(fidB));
    assertEquals("insufficient funds", withdrawFails(auth(A, RECEIVER_A, 2), A));
    withdraw(auth(A, RECEIVER_A, 1), A);
    assertEquals(BigInteger.ONE, balanceOf(RECEIVER_A));
  }
}
