// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The native signer's recovery ID, derived from the nonce point, is the one a trial recovery finds, and the
 * signature recovers the signer's key: on thousands of seeded random keys and hashes, and on hashes at or above n.
 */
class NativeRecoveryIdTest {
  private static final long SEED = 20261125;
  private static final int ROUNDS = 2000;

  @Test
  void recoveryIdFromTheNonceMatchesTrialRecovery() {
    Optional<NativeSecp256k1> loaded = NativeSecp256k1.load();
    assumeTrue(loaded.isPresent(), "libsecp256k1 does not load on this platform");
    NativeSecp256k1 nat = loaded.get();
    fr.acinq.secp256k1.Secp256k1 lib = fr.acinq.secp256k1.Secp256k1.get();
    SplittableRandom rnd = new SplittableRandom(SEED);
    int[] seen = new int[2];
    for (int i = 0; i < ROUNDS; i++) {
      byte[] key = new byte[32];
      byte[] hash = new byte[32];
      rnd.nextBytes(key);
      rnd.nextBytes(hash);
      if (i % 100 == 0) {
        Arrays.fill(hash, (byte) 0xff); // z >= n: the hash is reduced mod n
      } else if (i % 100 == 1) {
        Arrays.fill(hash, (byte) 0);
      }
      if (!Secp256k1.isValidPrivateKey(key)) {
        continue;
      }
      String where = "round " + i + " (seed " + SEED + ")";
      byte[] pub = nat.publicKey(key);
      RecoverableSignature sig = nat.sign(hash, key, pub);
      int byRecovery = nat.recoveryIdByRecovery(hash, lib.sign(hash, key), pub);
      assertEquals(byRecovery, sig.recoveryId(), where);
      assertEquals(byRecovery, nat.recoveryIdFromNonce(hash, key, sig.r(), sig.s()), where + ": the nonce path must not fall back");
      assertArrayEquals(pub, nat.recover(hash, sig).orElseThrow(), where);
      seen[sig.recoveryId()]++;
    }
    assertEquals(ROUNDS, seen[0] + seen[1], "every round signed with ID 0 or 1 (seed " + SEED + ")");
    assertTrue(seen[0] > 0 && seen[1] > 0, "both recovery IDs occur (seed " + SEED + ")");
  }
}
