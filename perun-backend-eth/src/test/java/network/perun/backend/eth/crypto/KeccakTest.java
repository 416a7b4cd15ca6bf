// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** Our Keccak-256 equals BouncyCastle's on every length around the block boundaries and on random data. */
class KeccakTest {
  private static final long SEED = 136;

  private static byte[] reference(byte[] data, int offset, int length) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  @Test
  void emptyInputHasTheKnownHash() {
    assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", HexFormat.of().formatHex(Keccak.keccak256(new byte[0])));
  }

  @Test
  void equalsBouncyCastleForEveryLengthUpToFourBlocks() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    byte[] data = new byte[4 * 136 + 9];
    rnd.nextBytes(data);
    for (int length = 0; length <= 4 * 136; length++) {
      int offset = length % 9;
      assertArrayEquals(reference(data, offset, length), Keccak.keccak256(data, offset, length), "length " + length + " (seed " + SEED + ")");
      byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
      assertArrayEquals(reference(copy, 0, length), Keccak.keccak256(copy), "length " + length + ", whole array (seed " + SEED + ")");
    }
  }

  @Test
  void partsAndTheEip191HashEqualOneConcatenation() {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    for (int i = 0; i < 200; i++) {
      byte[] a = new byte[rnd.nextInt(300)];
      byte[] b = new byte[rnd.nextInt(300)];
      rnd.nextBytes(a);
      rnd.nextBytes(b);
      byte[] ab = new byte[a.length + b.length];
      System.arraycopy(a, 0, ab, 0, a.length);
      System.arraycopy(b, 0, ab, a.length, b.length);
      assertArrayEquals(reference(ab, 0, ab.length), Keccak.keccak256(a, b), "round " + i + " (seed " + (SEED + 1) + ")");
    }
    byte[] hash = new byte[32];
    rnd.nextBytes(hash);
    byte[] prefixed = new byte[28 + 32];
    byte[] prefix = "\u0019Ethereum Signed Message:\n32".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, prefixed, 0, 28);
    System.arraycopy(hash, 0, prefixed, 28, 32);
    assertArrayEquals(reference(prefixed, 0, 60), Keccak.ethSignedMessageHash(hash), "EIP-191 (seed " + (SEED + 1) + ")");
  }
}
