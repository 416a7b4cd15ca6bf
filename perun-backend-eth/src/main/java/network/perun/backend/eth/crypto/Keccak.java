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

  /** Keccak-f[1600] on the 25 lanes {@code s}: the lanes live in locals, the rounds are a loop. */
  private static void permute(long[] s) {
    long a0 = s[0];
    long a1 = s[1];
    long a2 = s[2];
    long a3 = s[3];
    long a4 = s[4];
    long a5 = s[5];
    long a6 = s[6];
    long a7 = s[7];
    long a8 = s[8];
    long a9 = s[9];
    long a10 = s[10];
    long a11 = s[11];
    long a12 = s[12];
    long a13 = s[13];
    long a14 = s[14];
    long a15 = s[15];
    long a16 = s[16];
    long a17 = s[17];
    long a18 = s[18];
    long a19 = s[19];
    long a20 = s[20];
    long a21 = s[21];
    long a22 = s[22];
    long a23 = s[23];
    long a24 = s[24];
    for (int round = 0; round < ROUNDS; round++) {
      // theta
      long c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
      long c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
      long c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
      long c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
      long c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      // rho and pi: lane (x, y) goes to (y, 2x + 3y), rotated left; lane (1, 0) by 1, and walking
      // (x, y) -> (y, 2x + 3y) from there, the t-th lane by (t+1)(t+2)/2 mod 64 (FIPS 202 algorithms 2, 3)
      long b0 = a0 ^ d0;
      long b1 = Long.rotateLeft(a6 ^ d1, 44);
      long b2 = Long.rotateLeft(a12 ^ d2, 43);
      long b3 = Long.rotateLeft(a18 ^ d3, 21);
      long b4 = Long.rotateLeft(a24 ^ d4, 14);
      long b5 = Long.rotateLeft(a3 ^ d3, 28);
      long b6 = Long.rotateLeft(a9 ^ d4, 20);
      long b7 = Long.rotateLeft(a10 ^ d0, 3);
      long b8 = Long.rotateLeft(a16 ^ d1, 45);
      long b9 = Long.rotateLeft(a22 ^ d2, 61);
      long b10 = Long.rotateLeft(a1 ^ d1, 1);
      long b11 = Long.rotateLeft(a7 ^ d2, 6);
      long b12 = Long.rotateLeft(a13 ^ d3, 25);
      long b13 = Long.rotateLeft(a19 ^ d4, 8);
      long b14 = Long.rotateLeft(a20 ^ d0, 18);
      long b15 = Long.rotateLeft(a4 ^ d4, 27);
      long b16 = Long.rotateLeft(a5 ^ d0, 36);
      long b17 = Long.rotateLeft(a11 ^ d1, 10);
      long b18 = Long.rotateLeft(a17 ^ d2, 15);
      long b19 = Long.rotateLeft(a23 ^ d3, 56);
      long b20 = Long.rotateLeft(a2 ^ d2, 62);
      long b21 = Long.rotateLeft(a8 ^ d3, 55);
      long b22 = Long.rotateLeft(a14 ^ d4, 39);
      long b23 = Long.rotateLeft(a15 ^ d0, 41);
      long b24 = Long.rotateLeft(a21 ^ d1, 2);
      // chi and iota
      a0 = b0 ^ (~b1 & b2) ^ ROUND_CONSTANTS[round];
      a1 = b1 ^ (~b2 & b3);
      a2 = b2 ^ (~b3 & b4);
      a3 = b3 ^ (~b4 & b0);
      a4 = b4 ^ (~b0 & b1);
      a5 = b5 ^ (~b6 & b7);
      a6 = b6 ^ (~b7 & b8);
      a7 = b7 ^ (~b8 & b9);
      a8 = b8 ^ (~b9 & b5);
      a9 = b9 ^ (~b5 & b6);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
    }
    s[0] = a0;
    s[1] = a1;
    s[2] = a2;
    s[3] = a3;
    s[4] = a4;
    s[5] = a5;
    s[6] = a6;
    s[7] = a7;
    s[8] = a8;
    s[9] = a9;
    s[10] = a10;
    s[11] = a11;
    s[12] = a12;
    s[13] = a13;
    s[14] = a14;
    s[15] = a15;
    s[16] = a16;
    s[17] = a17;
    s[18] = a18;
    s[19] = a19;
    s[20] = a20;
    s[21] = a21;
    s[22] = a22;
    s[23] = a23;
    s[24] = a24;
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
