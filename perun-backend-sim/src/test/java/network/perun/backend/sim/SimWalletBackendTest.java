// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;
import org.junit.jupiter.api.Test;

class SimWalletBackendTest {
  private static final byte[] DATA = {1, 2, 3};

  /** 32 bytes that encode no point of the curve: y = 2 has no matching x. */
  private static final Bytes NOT_A_POINT = Bytes.fromHex("0200000000000000000000000000000000000000000000000000000000000000");

  private final SimWalletBackend backend = new SimWalletBackend();

  @Test
  void signaturesAre64BytesAndAddresses32() {
    SimAccount account = SimWallet.fromSeed(1).newAccount();
    assertEquals(64, backend.signatureSize());
    assertEquals(64, account.sign(DATA).bytes().length());
    assertEquals(32, account.address().bytes().length());
  }

  @Test
  void addressRejectsAWrongLength() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> backend.address(Bytes.zeros(20)));
    assertTrue(e.getMessage().contains("must be 32 bytes, got 20"), e.getMessage());
  }

  @Test
  void addressRejectsBytesThatAreNoPublicKey() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> backend.address(NOT_A_POINT));
    assertTrue(e.getMessage().contains("not an Ed25519 public key"), e.getMessage());
  }

  @Test
  void verifyIsFalseForASignerThatIsNoPublicKey() {
    Signature signature = SimWallet.fromSeed(1).newAccount().sign(DATA);
    assertFalse(backend.verify(DATA, signature, new Address(0, NOT_A_POINT)));
  }
}
