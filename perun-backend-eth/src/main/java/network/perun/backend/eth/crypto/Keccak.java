// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Keccak-256 (the original Keccak padding, as Ethereum uses it; not NIST SHA3-256) and the EIP-191 message hash.
 *
 * <pre>
 * keccak256(data)           32 bytes
 * ethSignedMessageHash(h)   keccak256("\x19Ethereum Signed Message:\n32" || h)   for a 32-byte hash h
 *
 * sponge      state: 25 lanes of 64 bits, lane (x, y) at index x + 5y, bytes little-endian in a lane
 *             rate 136 bytes (17 lanes), capacity 64 bytes; each 136-byte block is XORed into lanes 0..16,
 *             then Keccak-f[1600] runs
 * padding     the message, then 0x01, zeros, and 0x80 XORed into the block's last byte (pad10*1, Keccak's
 *             domain byte 0x01; SHA3 uses 0x06)
 * output      the first 32 bytes of the state after the last block
 * Keccak-f    24 rounds of theta, rho and pi, chi, iota (FIPS 202 section 3.2)
 * </pre>
 *
 * <p>Our own implementation of the permutation: it allocates nothing but the state and the result, where a
 * BouncyCastle digest allocates its state, a block buffer and the digest object per hash. Stateless and
 * thread-safe.
 */
public final class Keccak {
  /** The length of a Keccak-256 hash. */
  public static final int HASH_LENGTH = 32;

  private static final byte[] EIP191_PREFIX_32 = "\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII);

  private static final int RATE = 136;
  private static final int RATE_LANES = RATE / 8;
  private static final int ROUNDS = 24;

  /** iota's round constants, from the spec's linear feedback shift register rc(t). */
  private static final long[] ROUND_CONSTANTS = roundConstants();
  /** For each lane index i: where rho and pi move it ({@code PI_TARGET[i]}) and by how much it rotates. */
  private static final int[] PI_TARGET = new int[25];
  private static final int[] RHO_OFFSET = new int[25];

  static {
    // rho: lane (1, 0) rotates by 1, and walking (x, y) -> (y, 2x + 3y) the t-th lane rotates by (t+1)(t+2)/2.
    int x = 1;
    int y = 0;
    for (int t = 0; t < 24; t++) {
      RHO_OFFSET[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
      int nx = y;
      int ny = (2 * x + 3 * y) % 5;
      x = nx;
      y = ny;
    }
    // pi: B(y, 2x + 3y) = A(x, y).
    for (int lx = 0; lx < 5; lx++) {
      for (int ly = 0; ly < 5; ly++) {
        PI_TARGET[lx + 5 * ly] = ly + 5 * ((2 * lx + 3 * ly) % 5);
      }
    }
  }

  private Keccak() {}

  /** Keccak-256 of the concatenation of {@code parts}. */
  public static byte[] keccak256(byte[]... parts) {
    if (parts.length == 1) {
      return keccak256(parts[0], 0, parts[0].length);
    }
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    byte[] all = new byte[total];
    int pos = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, pos, part.length);
      pos += part.length;
    }
    return keccak256(all, 0, total);
  }

  /** Keccak-256 of {@code length} bytes of {@code data} from {@code offset}. */
  public static byte[] keccak256(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    long[] a = new long[25];
    int pos = offset;
    int end = offset + length;
    while (end - pos >= RATE) {
      for (int i = 0; i < RATE_LANES; i++) {
        a[i] ^= lane(data, pos + 8 * i);
      }
      permute(a);
      pos += RATE;
    }
    // The last, partial block (possibly empty) with the padding.
    byte[] block = new byte[RATE];
    System.arraycopy(data, pos, block, 0, end - pos);
    block[end - pos] ^= 0x01;
    block[RATE - 1] ^= (byte) 0x80;
    for (int i = 0; i < RATE_LANES; i++) {
      a[i] ^= lane(block, 8 * i);
    }
    permute(a);
    byte[] out = new byte[HASH_LENGTH];
    for (int i = 0; i < HASH_LENGTH / 8; i++) {
      long v = a[i];
      for (int j = 0; j < 8; j++) {
        out[8 * i + j] = (byte) (v >>> (8 * j));
      }
    }
    return out;
  }

  /**
   * The EIP-191 "personal message" hash of a 32-byte hash: what OpenZeppelin's {@code toEthSignedMessageHash} and
   * the Perun contracts verify signatures against.
   *
   * @throws IllegalArgumentException if {@code hash} is not 32 bytes
   */
  public static byte[] ethSignedMessageHash(byte[] hash) {
    if (hash.length != HASH_LENGTH) {
      throw new IllegalArgumentException("EIP-191 prefix applies to a 32-byte hash, got " + hash.length + " bytes");
    }
    return keccak256(EIP191_PREFIX_32, hash);
  }

  /** The little-endian 64-bit lane at {@code p}. */
  private static long lane(byte[] b, int p) {
    return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
        | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
  }

  /** Keccak-f[1600] on the 25 lanes {@code a}. */
  private static void permute(long[] a) {
    long[] b = new long[25];
    for (int round = 0; round < ROUNDS; round++) {
      // theta
      long c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
      long c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
      long c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
      long c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
      long c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      for (int y = 0; y < 25; y += 5) {
        a[y] ^= d0;
        a[y + 1] ^= d1;
        a[y + 2] ^= d2;
        a[y + 3] ^= d3;
        a[y + 4] ^= d4;
      }
      // rho and pi
      for (int i = 0; i < 25; i++) {
        b[PI_TARGET[i]] = Long.rotateLeft(a[i], RHO_OFFSET[i]);
      }
      // chi
      for (int y = 0; y < 25; y += 5) {
        long b0 = b[y];
        long b1 = b[y + 1];
        long b2 = b[y + 2];
        long b3 = b[y + 3];
        long b4 = b[y + 4];
        a[y] = b0 ^ (~b1 & b2);
        a[y + 1] = b1 ^ (~b2 & b3);
        a[y + 2] = b2 ^ (~b3 & b4);
        a[y + 3] = b3 ^ (~b4 & b0);
        a[y + 4] = b4 ^ (~b0 & b1);
      }
      // iota
      a[0] ^= ROUND_CONSTANTS[round];
    }
  }

  /** rc(t) of FIPS 202 algorithm 5 (the LFSR x^8 + x^6 + x^5 + x^4 + 1), assembled into the 24 round constants. */
  private static long[] roundConstants() {
    long[] rc = new long[ROUNDS];
    int r = 1; // the LFSR's state, bit 0 first
    boolean[] bits = new boolean[255];
    for (int t = 0; t < 255; t++) {
      bits[t] = (r & 1) != 0;
      r <<= 1;
      if ((r & 0x100) != 0) {
        r ^= 0x171;
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      long c = 0;
      for (int j = 0; j <= 6; j++) {
        if (bits[(j + 7 * round) % 255]) {
          c |= 1L << ((1 << j) - 1);
        }
      }
      rc[round] = c;
    }
    return rc;
  }
}
