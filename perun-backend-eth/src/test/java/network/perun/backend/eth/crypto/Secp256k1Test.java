// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The chosen implementation and the BouncyCastle fallback sign identically, low-s, and recover the signer. */
class Secp256k1Test {
  private static final long SEED = 99;

  @Test
  void bothImplementationsAgreeOnRandomKeysAndHashes() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    Secp256k1 java = new BouncyCastleSecp256k1();
    Secp256k1 chosen = Secp256k1.get();
    for (int i = 0; i < 32; i++) {
      byte[] key = new byte[32];
      byte[] hash = new byte[32];
      rnd.nextBytes(key);
      rnd.nextBytes(hash);
      if (!Secp256k1.isValidPrivateKey(key)) {
        continue;
      }
      byte[] pub = java.publicKey(key);
      assertArrayEquals(pub, chosen.publicKey(key), "public key " + i + " (seed " + SEED + ")");
      RecoverableSignature a = java.sign(hash, key, pub);
      RecoverableSignature b = chosen.sign(hash, key, pub);
      assertEquals(a, b, "signature " + i + " by " + chosen.name() + " (seed " + SEED + ")");
      assertTrue(a.s().compareTo(Secp256k1.HALF_N) <= 0, "high s (seed " + SEED + ")");
      assertArrayEquals(pub, java.recover(hash, a).orElseThrow(), "BouncyCastle recovery " + i);
      assertArrayEquals(pub, chosen.recover(hash, a).orElseThrow(), chosen.name() + " recovery " + i);
    }
  }

  @Test
  void highSAndOutOfRangeValuesRecoverNothing() {
    byte[] key = new byte[32];
    key[31] = 7;
    byte[] hash = Keccak.keccak256(new byte[] {1});
    Secp256k1 java = new BouncyCastleSecp256k1();
    RecoverableSignature sig = java.sign(hash, key, java.publicKey(key));
    RecoverableSignature high = new RecoverableSignature(sig.r(), Secp256k1.N.subtract(sig.s()), sig.recoveryId() ^ 1);
    RecoverableSignature rTooBig = new RecoverableSignature(Secp256k1.N, sig.s(), sig.recoveryId());
    for (Secp256k1 impl : new Secp256k1[] {java, Secp256k1.get()}) {
      assertTrue(impl.recover(hash, high).isEmpty(), impl.name() + " recovers from a high-s signature");
      assertTrue(impl.recover(hash, rTooBig).isEmpty(), impl.name() + " recovers with r = n");
      assertTrue(impl.recover(new byte[31], sig).isEmpty(), impl.name() + " recovers from a 31-byte hash");
    }
  }
}
