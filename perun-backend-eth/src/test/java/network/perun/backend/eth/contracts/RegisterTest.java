// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.SignedState;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.SubAlloc;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Register and refute (spec 6 cases 1-16) and the signature acceptance rules (77-83, 86), on a two-party
 * TrivialApp ledger channel with duration 60.
 */
class RegisterTest extends ContractTestBase {
  /** secp256k1 curve order. */
  static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  final Params params = appParams(1);

  State v(long version) {
    return state(params, version, 10, 20);
  }

  /** Registers version 3 and returns the block time of the registration. */
  long registerV3() {
    return chain.timestamp(register(params, v(3)));
  }

  @Test
  @EdgeCase(1)
  void registerWithTheStateOfAnotherChannelFails() {
    State foreign = state(params.withNonce(2), 3, 10, 20);
    assertEquals("invalid params", registerFails(signed(params, foreign)));
  }

  @Test
  @EdgeCase(2)
  void registerWithOneOfTwoSignaturesFails() {
    SignedState one = new SignedState(params, v(3), List.of(sign(v(3), A)));
    assertEquals("signatures length mismatch", registerFails(one));
  }

  @Test
  @EdgeCase(3)
  void registerWithBothSignaturesByParticipant0Fails() {
    SignedState twiceA = new SignedState(params, v(3), List.of(sign(v(3), A), sign(v(3), A)));
    assertEquals("invalid signature", registerFails(twiceA));
  }

  @Test
  @EdgeCase(4)
  void registerOfANonLedgerChannelFails() {
    Params nonLedger = params.withLedger(false);
    assertEquals("not ledger", registerFails(signed(nonLedger, state(nonLedger, 3, 10, 20))));
  }

  @Test
  @EdgeCase(5)
  void registerOfAFullySignedStateStartsTheDispute() {
    TransactionReceipt receipt = register(params, v(3));
    long now = chain.timestamp(receipt);
    Dispute d = dispute(params.channelId());
    assertEquals(DISPUTE, d.phase());
    assertEquals(3, d.version());
    assertEquals(now + DURATION, d.timeout());
    assertEquals(DURATION, d.challengeDuration());
    assertTrue(d.hasApp());
    assertArrayEquals(v(3).hash(), d.stateHash());
    assertEquals(List.of(Calls.CHANNEL_UPDATE), Chain.topics0(receipt));
    assertEquals(List.of(ChannelUpdate.of(params.channelId(), 3, DISPUTE, now + DURATION)),
        channelUpdates(receipt));
  }

  @Test
  @EdgeCase(6)
  void registeringTheSameStateTwiceSucceedsBothTimes() {
    register(params, v(3));
    Dispute first = dispute(params.channelId());
    TransactionReceipt second = register(params, v(3));
    assertEquals("0x1", second.getStatus());
    assertEquals(first, withHash(dispute(params.channelId()), first.stateHash()));
  }

  @Test
  @EdgeCase(7)
  void refuteWithAnotherChannelsStateFails() {
    registerV3();
    State foreign = state(params.withNonce(2), 4, 10, 20);
    assertEquals("invalid params", registerFails(signed(params, foreign)));
  }

  @Test
  @EdgeCase(8)
  void refuteWithALowerVersionFails() {
    registerV3();
    assertEquals("invalid version", registerFails(signed(params, v(1))));
  }

  @Test
  @EdgeCase(9)
  void refuteWithABadSignatureFails() {
    registerV3();
    SignedState bad = new SignedState(params, v(4), List.of(sign(v(4), A), sign(v(4), C)));
    assertEquals("invalid signature", registerFails(bad));
  }

  @Test
  @EdgeCase(10)
  void refuteWithTheNextVersionKeepsTheTimeout() {
    long registered = registerV3();
    TransactionReceipt receipt = register(params, v(4));
    Dispute d = dispute(params.channelId());
    assertEquals(4, d.version());
    assertEquals(DISPUTE, d.phase());
    assertEquals(registered + DURATION, d.timeout());
    assertEquals(List.of(ChannelUpdate.of(params.channelId(), 4, DISPUTE, registered + DURATION)),
        channelUpdates(receipt));
  }

  @Test
  @EdgeCase(11)
  void refuteWithAMuchHigherVersionKeepsTheTimeout() {
    long registered = registerV3();
    register(params, v(5));
    Dispute d = dispute(params.channelId());
    assertEquals(5, d.version());
    assertEquals(registered + DURATION, d.timeout());
  }

  @Test
  @EdgeCase(12)
  void refuteAtTheTimeoutFails() {
    long registered = registerV3();
    anvil.setNextBlockTimestamp(registered + DURATION);
    assertEquals("refutation timeout passed", registerFails(signed(params, v(4))));
  }

  @Test
  @EdgeCase(13)
  void refuteDuringForceExecutionFails() {
    long registered = registerV3();
    anvil.setNextBlockTimestamp(registered + DURATION);
    chain.send(DEPLOYER, adjudicator, Calls.progress(params, v(3), v(4), 0, sign(v(4), A)));
    assertEquals(FORCEEXEC, dispute(params.channelId()).phase());
    assertEquals("incorrect phase", registerFails(signed(params, v(5))));
  }

  // ---- virtual channels: a virtual sub-channel of a ledger parent ----

  /** A ledger parent (nonce 100) locking {@code child}'s funds. */
  static SignedState parentOf(Params child, State childState) {
    Params parent = ledgerParams(100);
    SubAlloc locked = new SubAlloc(child.channelId(), wei(30), List.of(0, 1));
    State parentState = state(parent, 1, allocation(5, 5).withLocked(List.of(locked)));
    return signed(parent, parentState);
  }

  static Params virtual(String app) {
    return params(7, app, false).withVirtual(true);
  }

  @Test
  @EdgeCase(14)
  void registerOfAVirtualChannelWithAnAppFails() {
    Params child = virtual(trivialApp);
    State childState = state(child, 1, 10, 20);
    assertEquals("cannot have app", registerFails(parentOf(child, childState), signed(child, childState)));
  }

  @Test
  @EdgeCase(15)
  void registerOfAVirtualChannelWithLockedFundsFails() {
    Params child = virtual(Abi.ZERO_ADDRESS);
    SubAlloc grandchild = new SubAlloc(ledgerParams(8).channelId(), wei(0), List.of(0, 1));
    State childState = state(child, 1, allocation(10, 20).withLocked(List.of(grandchild)));
    assertEquals("funds locked", registerFails(parentOf(child, childState), signed(child, childState)));
  }

  @Test
  @EdgeCase(16)
  void registerOfAValidVirtualChannelSucceeds() {
    Params child = virtual(Abi.ZERO_ADDRESS);
    State childState = state(child, 1, 10, 20);
    SignedState parent = parentOf(child, childState);
    TransactionReceipt receipt = register(parent, signed(child, childState));
    assertEquals(DISPUTE, dispute(child.channelId()).phase());
    assertTrue(dispute(child.channelId()).registered());
    assertTrue(dispute(parent.params().channelId()).registered());
    assertEquals(2, channelUpdates(receipt).size());
  }

  // ---- signature acceptance (spec 1.4) ----

  SignedState withSigA(byte[] sigA) {
    return new SignedState(params, v(3), List.of(sigA, sign(v(3), B)));
  }

  @Test
  @EdgeCase(77)
  void vOf0Or1Reverts() {
    byte[] sig = sign(v(3), A);
    sig[64] -= 27;
    assertEquals("ECDSA: invalid signature 'v' value", registerFails(withSigA(sig)));
  }

  @Test
  @EdgeCase(78)
  void highSReverts() {
    byte[] sig = sign(v(3), A);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    byte[] highS = toBytes32(N.subtract(s));
    System.arraycopy(highS, 0, sig, 32, 32);
    sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
    assertEquals("ECDSA: invalid signature 's' value", registerFails(withSigA(sig)));
  }

  @Test
  @EdgeCase(79)
  void signatureOverTheUnprefixedHashIsRejected() {
    Sign.SignatureData raw = Sign.signMessage(v(3).hash(), network.perun.backend.eth.anvil.AnvilFixture
        .credentials(A).getEcKeyPair(), false);
    byte[] sig = new byte[65];
    System.arraycopy(raw.getR(), 0, sig, 0, 32);
    System.arraycopy(raw.getS(), 0, sig, 32, 32);
    sig[64] = raw.getV()[0];
    assertEquals("invalid signature", registerFails(withSigA(sig)));
  }

  @Test
  @EdgeCase(80)
  void a66ByteSignatureReverts() {
    byte[] sig = Arrays.copyOf(sign(v(3), A), 66);
    assertEquals("ECDSA: invalid signature length", registerFails(withSigA(sig)));
  }

  @Test
  @EdgeCase(81)
  void swappedSignaturesAreRejected() {
    SignedState swapped = new SignedState(params, v(3), List.of(sign(v(3), B), sign(v(3), A)));
    assertEquals("invalid signature", registerFails(swapped));
  }

  @Test
  @EdgeCase(82)
  void a64ByteCompactSignatureIsAccepted() {
    byte[] sig = sign(v(3), A);
    byte[] compact = Arrays.copyOf(sig, 64);
    if (sig[64] == 28) {
      compact[32] |= (byte) 0x80;
    }
    register(withSigA(compact));
    assertEquals(3, dispute(params.channelId()).version());
  }

  @Test
  @EdgeCase(83)
  void refutationsNeverExtendTheWindow() {
    long registered = registerV3();
    anvil.setNextBlockTimestamp(registered + 30);
    register(params, v(4));
    anvil.setNextBlockTimestamp(registered + DURATION - 1);
    register(params, v(5));
    assertEquals(registered + DURATION, dispute(params.channelId()).timeout());
    assertEquals(5, dispute(params.channelId()).version());
  }

  @Test
  @EdgeCase(86)
  void anIdenticalReRegisterEmitsNoEvent() {
    registerV3();
    Dispute before = dispute(params.channelId());
    TransactionReceipt again = register(params, v(3));
    assertTrue(again.getLogs().isEmpty(), "logs: " + again.getLogs());
    assertEquals(before, withHash(dispute(params.channelId()), before.stateHash()));
    assertFalse(channelUpdates(again).iterator().hasNext());
  }

  @Test
  void anOversizedDurationOverflowsTheTimeoutWithPanic0x11() {
    Params huge = params.withDuration(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
    assertEquals("panic 0x11", registerFails(signed(huge, state(huge, 1, 10, 20))));
  }

  @Test
  void theDurationIsStoredAsItsLow64Bits() {
    Params wide = params.withDuration(BigInteger.TWO.pow(64).add(BigInteger.valueOf(DURATION)));
    long now = chain.timestamp(register(wide, state(wide, 1, 10, 20)));
    Dispute d = dispute(wide.channelId());
    assertEquals(DURATION, d.challengeDuration());
    assertEquals(now + DURATION, d.timeout());
  }

  @Test
  void aFinalStateIsRegisteredWithTimeoutNow() {
    long now = chain.timestamp(register(params, v(3).withFinal(true)));
    assertEquals(now, dispute(params.channelId()).timeout());
  }

  /** The dispute with {@code hash} as its (array-valued) hash, so records compare by value. */
  static Dispute withHash(Dispute d, byte[] hash) {
    assertArrayEquals(hash, d.stateHash());
    return new Dispute(d.timeout(), d.challengeDuration(), d.version(), d.phase(), hash, d.hasApp());
  }

  static byte[] toBytes32(BigInteger value) {
    return org.web3j.utils.Numeric.toBytesPadded(value, 32);
  }
}
