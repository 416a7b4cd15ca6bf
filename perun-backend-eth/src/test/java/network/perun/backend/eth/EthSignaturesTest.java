// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import network.perun.api.Bytes;
import network.perun.api.Signature;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.crypto.RecoverableSignature;
import network.perun.backend.eth.crypto.Secp256k1;
import org.junit.jupiter.api.Test;

/** Off-chain verification is as strict as the contracts (eth-backend-spec 1.4, cases 77-82). */
class EthSignaturesTest {
  private final EthAccount alice = new EthWallet().addPrivateKey(GoldenVectors.KEY_A);
  private final byte[] data = PerunAbi.encode(GoldenVectors.state());
  private final Signature good = alice.sign(data);

  @Test
  void theGoodSignatureVerifies() {
    assertTrue(EthSignatures.verify(data, good, GoldenVectors.A));
  }

  @Test
  void vOfZeroOrOneIsRejected() {
    byte[] raw = good.bytes().toArray();
    raw[64] -= 27;
    assertFalse(EthSignatures.verify(data, Signature.of(raw), GoldenVectors.A));
  }

  @Test
  void highSIsRejected() {
    RecoverableSignature sig = EthSignatures.parse(good).orElseThrow();
    RecoverableSignature high = new RecoverableSignature(sig.r(), Secp256k1.N.subtract(sig.s()), sig.recoveryId() ^ 1);
    assertFalse(EthSignatures.verify(data, EthSignatures.toSignature(high), GoldenVectors.A));
  }

  @Test
  void aSignatureOverTheUnprefixedHashIsRejected() {
    Signature unprefixed = EthSignatures.toSignature(alice.signHash(Keccak.keccak256(data)));
    assertFalse(EthSignatures.verify(data, unprefixed, GoldenVectors.A));
  }

  @Test
  void otherLengthsAreRejected() {
    byte[] raw = good.bytes().toArray();
    assertFalse(EthSignatures.verify(data, new Signature(Bytes.of(raw, 0, 64)), GoldenVectors.A), "64-byte compact form");
    byte[] longer = new byte[66];
    System.arraycopy(raw, 0, longer, 0, 65);
    assertFalse(EthSignatures.verify(data, Signature.of(longer), GoldenVectors.A), "66 bytes");
  }
}
